import { createEventBus, type Database, type DatabaseHandle, type EventBus, notify } from '@coppertone/db';
import type { Kysely } from 'kysely';
import {
  loadSession,
  SESSION_IDLE_MS,
  type SessionRecord,
  type SessionUser,
  touchSession,
  userOf,
} from './sessions.ts';
import { hashToken, looksLikeToken } from './tokens.ts';

/** The channel revocations travel on between processes. */
export const SESSIONS_CHANNEL = 'sessions_revoked';

/** One session ended, or every session of a user (but `keep`). */
export type Revocation = { sessionId: string } | { userId: string; keep?: string };

/** A cached session is read from the database again after this long, whatever was heard. */
export const SESSION_CACHE_TTL_MS = 30_000;
const SESSION_CACHE_MAX = 10_000;

/** Every cache in this process: a revocation made here reaches them at once. */
const caches = new Set<SessionCache>();

/**
 * Tells every session cache that sessions ended: the caches in this process at once, the other
 * processes over NOTIFY, sent through `db` — inside a transaction PostgreSQL delivers it on commit.
 */
export async function announceRevoked(db: Kysely<Database>, revoked: Revocation): Promise<void> {
  for (const cache of caches) cache.forget(revoked);
  await notify(db, SESSIONS_CHANNEL, revoked);
}

interface Entry extends SessionRecord {
  checkedAt: number;
}

/** Whether `revoked` ends `session`. */
const ends = (revoked: Revocation, session: Pick<SessionUser, 'sessionId' | 'userId'>): boolean =>
  'sessionId' in revoked
    ? session.sessionId === revoked.sessionId
    : session.userId === revoked.userId && session.sessionId !== revoked.keep;

/** What a long-lived answer (a live stream) is told about its session. */
export interface SessionWatch {
  /** The session was revoked (logout, log out everywhere, password or role change), by any process. */
  ended: () => void;
  /** Revocations may have been missed (the listening connection dropped): check the session again. */
  unsure: () => void;
}

/**
 * Live sessions kept in memory by token hash, so the check on every request costs no query. A
 * revocation anywhere removes the entry (this process directly, others over LISTEN/NOTIFY); while
 * the listening connection is down nothing is served from memory, and after it returns the cache
 * starts empty. Expiry (idle and absolute) is checked on every use; `last_seen_at` is still written
 * once a minute per session, as without the cache.
 */
export class SessionCache {
  readonly #db: Kysely<Database>;
  readonly #bus: EventBus<Revocation>;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #unsubscribe: Array<() => void>;
  readonly #watches = new Map<SessionWatch, Pick<SessionUser, 'sessionId' | 'userId'>>();
  /** Bumped by every forget: a lookup that raced a revocation does not store what it read. */
  #generation = 0;

  constructor(db: Kysely<Database>, bus: EventBus<Revocation>, opts: { ttlMs?: number } = {}) {
    this.#db = db;
    this.#bus = bus;
    this.#ttlMs = opts.ttlMs ?? SESSION_CACHE_TTL_MS;
    this.#unsubscribe = [
      bus.subscribe((r) => this.forget(r)),
      bus.onGap(() => {
        this.clear();
        for (const watch of this.#watches.keys()) watch.unsure();
      }),
    ];
    caches.add(this);
  }

  /** The signed-in user a session token names, if its session is live. */
  async find(token: string | undefined): Promise<SessionUser | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const hash = hashToken(token);
    const usable = this.#bus.isLive();
    let entry = usable ? this.#entries.get(hash) : undefined;
    if (entry && !this.#fresh(entry)) {
      this.#entries.delete(hash);
      entry = undefined;
    }
    if (!entry) {
      const generation = this.#generation;
      const record = await loadSession(this.#db, hash);
      if (!record) return undefined;
      entry = { ...record, checkedAt: Date.now() };
      if (usable && generation === this.#generation) this.#store(hash, entry);
    }
    entry.lastSeenAt = await touchSession(this.#db, entry);
    return userOf(entry);
  }

  forget(revoked: Revocation): void {
    this.#generation++;
    for (const [hash, e] of this.#entries) if (ends(revoked, e)) this.#entries.delete(hash);
    for (const [watch, session] of this.#watches) if (ends(revoked, session)) watch.ended();
  }

  /**
   * Tells `watch` when `session` is revoked: answers that outlive their request (a live stream) end
   * on the announcement, not at their next periodic check. The same revocation may be reported more
   * than once (heard directly and over NOTIFY). Returns how to stop watching.
   */
  watch(session: Pick<SessionUser, 'sessionId' | 'userId'>, watch: SessionWatch): () => void {
    this.#watches.set(watch, { sessionId: session.sessionId, userId: session.userId });
    return () => {
      this.#watches.delete(watch);
    };
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    caches.delete(this);
    for (const stop of this.#unsubscribe) stop();
    this.#watches.clear();
    this.clear();
    await this.#bus.close();
  }

  #fresh(e: Entry): boolean {
    const now = Date.now();
    return (
      now - e.checkedAt < this.#ttlMs && now < e.expiresAt.getTime() && now - e.lastSeenAt.getTime() < SESSION_IDLE_MS
    );
  }

  #store(hash: string, entry: Entry): void {
    this.#entries.set(hash, entry);
    if (this.#entries.size > SESSION_CACHE_MAX) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}

/** A session cache for this process, listening for revocations made by any process. */
export async function createSessionCache(handle: DatabaseHandle, opts: { ttlMs?: number } = {}): Promise<SessionCache> {
  return new SessionCache(handle.db, await createEventBus<Revocation>(handle, SESSIONS_CHANNEL), opts);
}
