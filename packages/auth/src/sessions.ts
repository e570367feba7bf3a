import type { Database, Role } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';
import { announceRevoked } from './session-cache.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

/** Idle and absolute lifetimes of a session. */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
/** `last_seen_at` is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionUser {
  sessionId: string;
  userId: string;
  role: Role;
  companyId: string | null;
}

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  meta: { userAgent?: string; remoteAddress?: string } = {},
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const { token, hash } = newToken();
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_MS);
  const row = await db
    .insertInto('sessions')
    .values({
      user_id: userId,
      token_hash: hash,
      expires_at: expiresAt,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      remote_address: meta.remoteAddress ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, sessionId: row.id, expiresAt };
}

/** A live session as stored: who it is for, and the times that decide when it ends. */
export interface SessionRecord extends SessionUser {
  tokenHash: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** The session a token hash names, if it is live (not revoked, not idle too long, not past its end). */
export async function loadSession(db: Kysely<Database>, tokenHash: string): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as sessionId',
      's.expires_at',
      's.last_seen_at',
      'u.id as userId',
      'u.role',
      'u.company_id as companyId',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - ${`${SESSION_IDLE_MS / 1000} seconds`}::interval`)
    .where('u.email_confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    role: row.role,
    companyId: row.companyId,
    tokenHash,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
}

/** Records use of a session (at most every TOUCH_EVERY_MS), which moves its idle expiry. Returns the new time. */
export async function touchSession(db: Kysely<Database>, session: SessionRecord): Promise<Date> {
  if (Date.now() - session.lastSeenAt.getTime() <= TOUCH_EVERY_MS) return session.lastSeenAt;
  await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', session.sessionId).execute();
  return new Date();
}

export const userOf = (s: SessionRecord): SessionUser => ({
  sessionId: s.sessionId,
  userId: s.userId,
  role: s.role,
  companyId: s.companyId,
});

/** The session a token names, if it is live, read from the database. */
export async function findSession(db: Kysely<Database>, token: string | undefined): Promise<SessionUser | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const session = await loadSession(db, hashToken(token));
  if (!session) return undefined;
  await touchSession(db, session);
  return userOf(session);
}

export async function revokeSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  await announceRevoked(db, { sessionId });
}

/** Ends every session of a user, optionally keeping one (the one changing the password). */
export async function revokeUserSessions(db: Kysely<Database>, userId: string, keep?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '<>', keep);
  const res = await q.executeTakeFirst();
  await announceRevoked(db, { userId, keep });
  return Number(res.numDeletedRows);
}
