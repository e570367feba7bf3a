import { type DatabaseHandle, notify } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCache, SESSIONS_CHANNEL, type SessionCache } from './session-cache.ts';
import { createSession, revokeSession, revokeUserSessions } from './sessions.ts';
import { seedTestPeople } from './testing.ts';

let database: DatabaseHandle;
let cache: SessionCache;
let users: { ada: string; bob: string };

beforeAll(async () => {
  database = await createTestDatabase();
  cache = await createSessionCache(database);
  ({ users } = await seedTestPeople(database.db, {
    ada: { email: 'ada@coppertone.test', role: 'staff' },
    bob: { email: 'bob@acme.test', role: 'client', company: 'A' },
  }));
});
afterAll(async () => {
  await cache.close();
  await database.close();
});

const signIn = async (who: keyof typeof users) => createSession(database.db, users[who]);
/** Removes a session row behind the cache's back (no announcement), as a stale read would see it. */
const dropRow = (id: string) => database.db.deleteFrom('sessions').where('id', '=', id).execute();

async function until(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('session cache', () => {
  it('answers a repeated check from memory, without the database', async () => {
    const s = await signIn('ada');
    expect(await cache.find(s.token)).toMatchObject({ userId: users.ada, role: 'staff', sessionId: s.sessionId });
    await dropRow(s.sessionId);
    // Still answered: proof the second check did not read the row.
    expect(await cache.find(s.token)).toMatchObject({ userId: users.ada });
  });

  it('refuses malformed, unknown and tampered tokens', async () => {
    const s = await signIn('bob');
    expect(await cache.find(undefined)).toBeUndefined();
    expect(await cache.find('short')).toBeUndefined();
    expect(await cache.find(`${s.token.slice(0, -1)}${s.token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
  });

  it('forgets a signed-out session at once', async () => {
    const s = await signIn('bob');
    expect(await cache.find(s.token)).toBeDefined();
    await revokeSession(database.db, s.sessionId);
    expect(await cache.find(s.token)).toBeUndefined();
  });

  it('forgets every session of a user but the kept one, also when revoked inside a transaction', async () => {
    const [a, b, keep] = [await signIn('ada'), await signIn('ada'), await signIn('ada')];
    const bob = await signIn('bob');
    for (const s of [a, b, keep, bob]) expect(await cache.find(s.token)).toBeDefined();
    await database.db.transaction().execute((trx) => revokeUserSessions(trx, users.ada, keep.sessionId));
    expect(await cache.find(a.token)).toBeUndefined();
    expect(await cache.find(b.token)).toBeUndefined();
    expect(await cache.find(keep.token)).toMatchObject({ sessionId: keep.sessionId });
    expect(await cache.find(bob.token)).toMatchObject({ userId: users.bob });
  });

  it('tells a watcher when its session is revoked, and only then', async () => {
    const mine = await signIn('ada');
    const other = await signIn('ada');
    const seen: string[] = [];
    const stop = cache.watch(
      { sessionId: mine.sessionId, userId: users.ada },
      { ended: () => seen.push('ended'), unsure: () => seen.push('unsure') },
    );
    await revokeSession(database.db, other.sessionId);
    await revokeUserSessions(database.db, users.ada, mine.sessionId);
    expect(seen).toEqual([]);
    await revokeSession(database.db, mine.sessionId);
    expect(seen[0]).toBe('ended');
    stop();
    const after = seen.length;
    await revokeUserSessions(database.db, users.ada);
    expect(seen).toHaveLength(after);
  });

  it('reads the database again once an entry is older than its time to live', async () => {
    const short = await createSessionCache(database, { ttlMs: 50 });
    try {
      const s = await signIn('bob');
      expect(await short.find(s.token)).toBeDefined();
      await dropRow(s.sessionId);
      await new Promise((r) => setTimeout(r, 80));
      expect(await short.find(s.token)).toBeUndefined();
    } finally {
      await short.close();
    }
  });

  it('keeps moving the idle expiry while it serves from memory', async () => {
    const s = await signIn('ada');
    await sql`update sessions set last_seen_at = now() - interval '2 minutes' where id = ${s.sessionId}`.execute(
      database.db,
    );
    expect(await cache.find(s.token)).toBeDefined();
    const row = await database.db
      .selectFrom('sessions')
      .select(sql<boolean>`last_seen_at > now() - interval '10 seconds'`.as('fresh'))
      .where('id', '=', s.sessionId)
      .executeTakeFirstOrThrow();
    expect(row.fresh).toBe(true);
  });
});

// Revocations made by other processes arrive over LISTEN/NOTIFY: only a real server has them.
describe.skipIf(process.env.TEST_DB === 'pglite')('session cache across processes', () => {
  it('forgets a session another process revoked, once that transaction commits', async () => {
    const s = await signIn('bob');
    expect(await cache.find(s.token)).toBeDefined();
    // What another process's revokeSession does: the delete and the announcement in one transaction.
    await database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id', '=', s.sessionId).execute();
      await notify(trx, SESSIONS_CHANNEL, { sessionId: s.sessionId });
      await new Promise((r) => setTimeout(r, 100));
      // Not yet committed: nothing was announced, the session still counts.
      expect(await cache.find(s.token)).toBeDefined();
    });
    expect(await until(async () => (await cache.find(s.token)) === undefined)).toBe(true);
  });

  it('tells a watcher of a revocation another process announced, and asks it to check when it may have missed one', async () => {
    const s = await signIn('bob');
    const seen: string[] = [];
    const stop = cache.watch(
      { sessionId: s.sessionId, userId: users.bob },
      { ended: () => seen.push('ended'), unsure: () => seen.push('unsure') },
    );
    try {
      await notify(database.db, SESSIONS_CHANNEL, { userId: users.bob });
      expect(await until(async () => seen.includes('ended'))).toBe(true);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and query ilike 'listen%'`.execute(database.db);
      expect(await until(async () => seen.includes('unsure'))).toBe(true);
    } finally {
      stop();
    }
  });

  it('serves nothing from memory while the listening connection is down, and starts empty after it returns', async () => {
    const s = await signIn('ada');
    expect(await cache.find(s.token)).toBeDefined();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and query ilike 'listen%'`.execute(database.db);
    // Dropped without an announcement, and the connection that would hear one is gone anyway.
    await dropRow(s.sessionId);
    expect(await until(async () => (await cache.find(s.token)) === undefined)).toBe(true);
    // Reconnected (within about a second): a new session is cached again, the dropped one stays gone.
    const again = await signIn('ada');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await cache.find(again.token)).toBeDefined();
    expect(cache.size).toBeGreaterThan(0);
    expect(await cache.find(s.token)).toBeUndefined();
  });
});
