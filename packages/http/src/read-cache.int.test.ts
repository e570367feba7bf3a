import { type DatabaseHandle, notify } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceChange, createReadCache, type ReadCache } from './read-cache.ts';

const CHANNEL = 'test_changed';
let database: DatabaseHandle;
let cache: ReadCache;
beforeAll(async () => {
  database = await createTestDatabase();
  cache = await createReadCache(database, CHANNEL);
});
afterAll(async () => {
  await cache.close();
  await database.close();
});

async function until(check: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('read cache', () => {
  it('keeps an answer until something changes', async () => {
    cache.set('k', cache.generation, '{"a":1}', 'application/json');
    expect(cache.get('k')?.body).toBe('{"a":1}');
    await cache.changed();
    expect(cache.get('k')).toBeUndefined();
  });

  it('empties at once when a change made outside the API is announced in this process', async () => {
    cache.set('k', cache.generation, '{}', 'application/json');
    await announceChange(database.db, CHANNEL);
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not store an answer computed while a change happened (a read racing a write)', async () => {
    const started = cache.generation;
    await cache.changed(); // the write commits while the read is still running
    cache.set('raced', started, '{"old":true}', 'application/json');
    expect(cache.get('raced')).toBeUndefined();
  });

  it('drops answers after their time to live', async () => {
    const short = await createReadCache(database, CHANNEL, { ttlMs: 40 });
    try {
      short.set('k', short.generation, '{}', 'application/json');
      expect(short.get('k')).toBeDefined();
      await new Promise((r) => setTimeout(r, 60));
      expect(short.get('k')).toBeUndefined();
    } finally {
      await short.close();
    }
  });

  it('stays within its memory budget, dropping the least recently used first', async () => {
    const small = await createReadCache(database, CHANNEL, { maxBytes: 800 });
    try {
      const body = 'x'.repeat(100);
      for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) small.set(k, small.generation, body, 'text/plain');
      expect(small.get('a')).toBeDefined(); // now most recently used
      small.set('i', small.generation, body, 'text/plain');
      expect(small.size).toBe(8);
      expect(small.get('b')).toBeUndefined();
      expect(small.get('a')).toBeDefined();
      expect(small.get('i')).toBeDefined();
      // One answer larger than an eighth of the budget is never kept.
      small.set('big', small.generation, 'y'.repeat(101), 'text/plain');
      expect(small.get('big')).toBeUndefined();
    } finally {
      await small.close();
    }
  });
});

describe.skipIf(process.env.TEST_DB === 'pglite')('read cache across instances', () => {
  it('drops its answers when another instance changes something, or a job announces a change', async () => {
    const other = await createReadCache(database, CHANNEL);
    try {
      cache.set('k', cache.generation, '{}', 'application/json');
      await other.changed();
      expect(await until(() => cache.get('k') === undefined)).toBe(true);

      cache.set('k', cache.generation, '{}', 'application/json');
      await database.db.transaction().execute(async (trx) => {
        // What announceChange in another process sends.
        await notify(trx, CHANNEL, { from: 'job' });
        await new Promise((r) => setTimeout(r, 100));
        expect(cache.get('k')).toBeDefined(); // not committed yet
      });
      expect(await until(() => cache.get('k') === undefined)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('serves nothing from memory while it cannot hear changes, and starts empty when it hears again', async () => {
    cache.set('k', cache.generation, '{}', 'application/json');
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and query ilike ${`listen "${CHANNEL}"`}`.execute(database.db);
    expect(await until(() => cache.get('k') === undefined)).toBe(true);
    // Reconnected within about a second: answers are kept again.
    expect(
      await until(() => {
        cache.set('k3', cache.generation, '{}', 'application/json');
        return cache.get('k3') !== undefined;
      }),
    ).toBe(true);
  });
});
