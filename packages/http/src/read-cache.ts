import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createEventBus, type Database, type DatabaseHandle, type EventBus, notify } from '@coppertone/db';
import type { Metrics } from '@coppertone/observability';
import type { Context, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';

/** A cached entry is computed again after this long even if no change was heard (changes made by other functions). */
export const READ_CACHE_TTL_MS = 10_000;
/**
 * Each entry lives between (1 − this) and all of the time to live, at random: answers stored at the
 * same moment (after a change, or a restart) would otherwise all expire in the same instant and be
 * computed again at once, a burst of queries that stalled every other request (the bench's board
 * load: 200 misses within milliseconds, p99 108 ms against a p50 of 5.5 ms).
 */
const TTL_JITTER = 0.25;
const READ_CACHE_MAX_BYTES = 32 * 1024 * 1024;

interface Changed {
  /** The instance that made the change (it has already dropped its own entries). */
  from: string;
}

/** The read caches of this process by channel: a change announced here reaches them at once. */
const local = new Map<string, Set<ReadCache>>();

export interface ReadCacheOptions {
  ttlMs?: number;
  maxBytes?: number;
  /** Where hits and misses are counted. */
  metrics?: Metrics;
}

interface Entry {
  generation: number;
  expiresAt: number;
  /** When it was last stored or served, on the cache's own clock: eviction drops the oldest first. */
  usedAt: number;
  /** UTF-8 already: a hit writes it as it is (encoding a large string again for each hit was a fifth of a board's CPU). */
  body: Uint8Array<ArrayBuffer>;
  /** The same, gzipped once when stored (answers of 1 KB and more), for clients that accept it. */
  gzip?: Uint8Array<ArrayBuffer>;
  /** The answer's headers (its content type among them), made once: a plain record goes to Node's `writeHead` as it is. */
  headers: Readonly<Record<string, string>>;
  gzipHeaders: Readonly<Record<string, string>>;
}

const GZIP_FROM_BYTES = 1024;

/** The last header judged, and the verdict: a browser sends the same one with every request. */
let lastAccept: string | undefined;
let lastAcceptsGzip = false;

/** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  if (header !== lastAccept) {
    lastAcceptsGzip = judgeAcceptEncoding(header);
    lastAccept = header;
  }
  return lastAcceptsGzip;
}

function judgeAcceptEncoding(header: string): boolean {
  for (const part of header.split(',')) {
    const [coding, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * Rendered answers of hot read endpoints, per viewer, dropped all at once whenever anything in the
 * function changes: a write through its API in this instance (at once), in another instance or
 * another process (over LISTEN/NOTIFY on `channel`, after that transaction committed). A read
 * remembers the generation it started in and its answer is kept only if nothing changed meanwhile,
 * so a read racing a write never stores what the write replaced. While the listening connection is
 * down nothing is served from memory; entries also expire after a time to live.
 */
export class ReadCache {
  readonly #bus: EventBus<Changed>;
  readonly #channel: string;
  readonly #ttlMs: number;
  readonly #maxBytes: number;
  readonly #self = randomUUID();
  readonly #entries = new Map<string, Entry>();
  /** Answers being computed now, by key: a request for the same key waits for it instead of computing it too. */
  readonly #computing = new Map<string, { done: Promise<Entry | undefined>; finish: (e?: Entry) => void }>();
  readonly #stop: Array<() => void>;
  #bytes = 0;
  #generation = 0;
  /** Ticks once per store or hit. */
  #clock = 0;
  readonly #lookups?: { hit: { inc(): void }; miss: { inc(): void } };

  constructor(bus: EventBus<Changed>, channel: string, opts: ReadCacheOptions = {}) {
    this.#bus = bus;
    this.#channel = channel;
    const counter = opts.metrics?.readCache;
    this.#lookups = counter && { hit: counter.labels(channel, 'hit'), miss: counter.labels(channel, 'miss') };
    this.#ttlMs = opts.ttlMs ?? READ_CACHE_TTL_MS;
    this.#maxBytes = opts.maxBytes ?? READ_CACHE_MAX_BYTES;
    this.#stop = [
      bus.subscribe((e) => {
        if (e.from !== this.#self) this.clear();
      }),
      bus.onGap(() => this.clear()),
    ];
    const mine = local.get(channel) ?? new Set();
    mine.add(this);
    local.set(channel, mine);
  }

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The stored answer for `key`, if it is from the current generation and young enough. */
  get(key: string): Entry | undefined {
    if (!this.#bus.isLive()) return undefined;
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.generation !== this.#generation || Date.now() >= e.expiresAt) {
      this.#drop(key, e);
      return undefined;
    }
    // Marked, not moved to the end of the map: a delete and an insert on every hit cost more.
    e.usedAt = ++this.#clock;
    return e;
  }

  /** Counts a lookup in `read_cache_lookups_total`. */
  count(hit: boolean): void {
    this.#lookups?.[hit ? 'hit' : 'miss'].inc();
  }

  /** Keeps an answer computed during `generation`, and returns it; ignored when something changed since. */
  set(
    key: string,
    generation: number,
    answer: string | Uint8Array<ArrayBuffer>,
    contentType: string,
  ): Entry | undefined {
    const body = typeof answer === 'string' ? new TextEncoder().encode(answer) : answer;
    if (generation !== this.#generation || !this.#bus.isLive() || body.length > this.#maxBytes / 8) return undefined;
    const old = this.#entries.get(key);
    if (old) this.#drop(key, old);
    const lives = this.#ttlMs * (1 - TTL_JITTER * Math.random());
    const gzip = body.length >= GZIP_FROM_BYTES ? new Uint8Array(gzipSync(body)) : undefined;
    const headers = Object.freeze({ 'content-type': contentType, vary: 'Accept-Encoding', 'x-cache': 'hit' });
    const gzipHeaders = Object.freeze({ ...headers, 'content-encoding': 'gzip' });
    const expiresAt = Date.now() + lives;
    const entry: Entry = {
      generation,
      expiresAt,
      usedAt: ++this.#clock,
      body,
      gzip,
      headers,
      gzipHeaders,
    };
    this.#entries.set(key, entry);
    this.#bytes += body.length + (gzip?.length ?? 0);
    if (this.#bytes > this.#maxBytes) this.#evict();
    return entry;
  }

  /** The answer for `key` another request of this generation is computing now, when there is one. */
  computing(key: string): Promise<Entry | undefined> | undefined {
    return this.#computing.get(key)?.done;
  }

  /**
   * Marks `key` as being computed; call the function returned with what `set` kept (or nothing).
   * Requests that arrived meanwhile get it; a change in between ends their wait at once with nothing,
   * and they compute the answer themselves.
   */
  compute(key: string): (kept: Entry | undefined) => void {
    let finish: (e?: Entry) => void = () => {};
    const done = new Promise<Entry | undefined>((resolve) => {
      finish = resolve;
    });
    const mine = { done, finish };
    this.#computing.set(key, mine);
    return (kept) => {
      if (this.#computing.get(key) === mine) this.#computing.delete(key);
      finish(kept);
    };
  }

  /** Something changed here: drop every answer now, and tell the other instances. */
  async changed(): Promise<void> {
    this.clear();
    // Not announced (database unreachable): other instances still drop their answers after the time to live.
    await this.#bus.publish({ from: this.#self }).catch(() => {});
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    // What is being computed now belongs to the old generation: nobody waits for it.
    for (const { finish } of this.#computing.values()) finish(undefined);
    this.#computing.clear();
    this.#bytes = 0;
  }

  async close(): Promise<void> {
    local.get(this.#channel)?.delete(this);
    for (const stop of this.#stop) stop();
    this.clear();
    await this.#bus.close();
  }

  /** Drops the least recently used answers until the rest fit the budget. */
  #evict(): void {
    const oldestFirst = [...this.#entries].sort(([, a], [, b]) => a.usedAt - b.usedAt);
    for (const [k, e] of oldestFirst) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#drop(k, e);
    }
  }

  #drop(key: string, e: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= e.body.length + (e.gzip?.length ?? 0);
  }
}

export async function createReadCache(
  handle: DatabaseHandle,
  channel: string,
  opts: ReadCacheOptions = {},
): Promise<ReadCache> {
  return new ReadCache(await createEventBus<Changed>(handle, channel), channel, opts);
}

/**
 * For changes made outside a function's API writes (a background job, a read that settles a
 * payment): empties the read caches on `channel` in this process at once, and those of every other
 * process through `db` — inside a transaction, when it commits.
 */
export async function announceChange(db: Kysely<Database>, channel: string): Promise<void> {
  for (const cache of local.get(channel) ?? []) cache.clear();
  await notify(db, channel, { from: 'job' } satisfies Changed);
}

/**
 * Answers GET requests from `cache` per viewer (`viewer(c)` names who is asking and everything their
 * access depends on; anonymous requests are never cached), and empties the cache after every other
 * request, whatever its outcome. Mount it on the whole function: only GETs on `cacheable` paths
 * are stored.
 */
export function readCache(
  cache: ReadCache,
  viewer: (c: Context) => string | undefined,
  cacheable: (path: string) => boolean,
): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      try {
        await next();
      } finally {
        await cache.changed();
      }
      return;
    }
    const who = viewer(c);
    if (c.req.method !== 'GET' || !who || !cacheable(c.req.path)) return next();
    const query = c.req.url.indexOf('?');
    const key = `${who} ${c.req.path}${query < 0 ? '' : c.req.url.slice(query)}`;
    // Many requests for one answer when it has just expired or been dropped (every connection of a
    // busy client) wait for the first one's instead of all running its queries at once.
    let hit = cache.get(key);
    const pending = hit ? undefined : cache.computing(key); // no await unless there is one: it would let others by
    if (pending) hit = await pending;
    if (hit) {
      cache.count(true);
      // A Response of its own, not c.body(): Hono would copy the headers into a Headers object.
      if (hit.gzip && acceptsGzip(c.req.header('accept-encoding'))) {
        return new Response(hit.gzip, { status: 200, headers: hit.gzipHeaders });
      }
      return new Response(hit.body, { status: 200, headers: hit.headers });
    }
    cache.count(false);
    const generation = cache.generation;
    const computed = cache.compute(key);
    let kept: Entry | undefined;
    try {
      await next();
      const type = c.res.headers.get('content-type') ?? '';
      if (c.res.status === 200 && type.startsWith('application/json')) {
        kept = cache.set(key, generation, new Uint8Array(await c.res.clone().arrayBuffer()), type);
        c.res.headers.append('vary', 'Accept-Encoding'); // its next answers may come gzipped
      }
    } finally {
      computed(kept);
    }
  };
}
