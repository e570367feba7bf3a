import { gunzipSync } from 'node:zlib';
import { type DatabaseHandle, notify } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { announceChange, createReadCache, type ReadCache, readCache } from './read-cache.ts';
import { API_HEADERS } from './response-headers.ts';
import { listen } from './serve.ts';
import { testFunctionApp } from './testing.ts';

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

/** `GET /big`: a board-sized list (over 1 KB, so it is gzipped when stored), read through `cache` for one viewer. */
// biome-ignore lint/suspicious/noExplicitAny: a bare Hono app or a function app, whatever its context variables
function serveBigList(app: Hono<any>, cache: ReadCache) {
  app.use(
    readCache(
      cache,
      () => 'alice',
      () => true,
    ),
  );
  const items = Array.from({ length: 100 }, (_, i) => ({ id: i, title: `Task ${i} of the board` }));
  app.get('/big', (c) => c.json({ items }));
  return items;
}

async function until(check: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('read cache', () => {
  it('keeps an answer until something changes', async () => {
    cache.set('k', cache.generation, '{"a":1}', 'application/json');
    expect(Buffer.from(cache.get('k')?.body ?? []).toString()).toBe('{"a":1}');
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

  it('spreads the expiry of answers stored at the same moment over the last quarter of the time to live', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = await createReadCache(database, CHANNEL, { ttlMs: 10_000 });
    try {
      const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
      for (const k of keys) cache.set(k, cache.generation, '{}', 'application/json');
      const alive = () => keys.filter((k) => cache.get(k)).length;
      vi.advanceTimersByTime(7_499);
      expect(alive()).toBe(200);
      vi.advanceTimersByTime(1_251); // 8.75 s: about half
      expect(alive()).toBeGreaterThan(40);
      expect(alive()).toBeLessThan(160);
      vi.advanceTimersByTime(1_250); // 10 s
      expect(alive()).toBe(0);
    } finally {
      vi.useRealTimers();
      await cache.close();
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

describe('read cache middleware', () => {
  /** An app whose list handler the test holds open until `release()`, counting its runs. */
  function gatedApp(c: ReadCache) {
    let runs = 0;
    let gate: Promise<void> = Promise.resolve();
    let open = () => {};
    const app = new Hono();
    app.use(
      readCache(
        c,
        (ctx) => ctx.req.header('x-viewer'),
        (path) => path === '/list',
      ),
    );
    app.get('/list', async (ctx) => {
      runs += 1;
      const run = runs;
      await gate;
      return ctx.json({ run });
    });
    app.post('/write', (ctx) => ctx.json({ ok: true }));
    return {
      app,
      runs: () => runs,
      hold() {
        gate = new Promise((r) => {
          open = r;
        });
      },
      release: () => open(),
      get: (viewer: string) => app.request('/list', { headers: { 'x-viewer': viewer } }),
    };
  }

  it('computes an answer once for many concurrent requests of one viewer, and per viewer', async () => {
    const mine = await createReadCache(database, CHANNEL);
    try {
      const t = gatedApp(mine);
      t.hold();
      const answers = [...Array.from({ length: 20 }, () => t.get('alice')), t.get('bob')];
      await until(() => t.runs() === 2);
      t.release();
      const bodies = await Promise.all(answers.map(async (r) => (await r).json()));
      expect(t.runs()).toBe(2);
      expect(new Set(bodies.slice(0, 20).map((b) => JSON.stringify(b)))).toEqual(new Set([JSON.stringify({ run: 1 })]));
      expect(bodies[20]).toEqual({ run: 2 });
    } finally {
      await mine.close();
    }
  });

  it('lets no request wait for an answer a change made stale: they compute a new one, once', async () => {
    const mine = await createReadCache(database, CHANNEL);
    try {
      const t = gatedApp(mine);
      t.hold();
      const first = t.get('alice');
      await until(() => t.runs() === 1);
      const waiting = t.get('alice'); // joins the first computation
      await t.app.request('/write', { method: 'POST' }); // the change: the first answer may be stale
      const after = t.get('alice'); // the new generation's: shares the one the waiting request started
      expect(await until(() => t.runs() === 2)).toBe(true);
      t.release();
      expect(await (await first).json()).toEqual({ run: 1 });
      expect(await (await waiting).json()).toEqual({ run: 2 });
      expect(await (await after).json()).toEqual({ run: 2 });
      expect(t.runs()).toBe(2);
    } finally {
      await mine.close();
    }
  });

  it('answers a hit gzipped to clients that accept it, plainly to others, both with Vary', async () => {
    const mine = await createReadCache(database, CHANNEL);
    try {
      const app = new Hono();
      const items = serveBigList(app, mine);
      const get = (encoding?: string) =>
        app.request('/big', { headers: encoding ? { 'accept-encoding': encoding } : {} });
      const miss = await get('gzip');
      expect(miss.headers.get('x-cache')).toBeNull();
      expect(miss.headers.get('vary')).toBe('Accept-Encoding');
      expect(await miss.json()).toEqual({ items });

      const zipped = await get('gzip, deflate, br');
      expect(zipped.headers.get('x-cache')).toBe('hit');
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
      const bytes = Buffer.from(await zipped.arrayBuffer());
      expect(JSON.parse(gunzipSync(bytes).toString())).toEqual({ items });
      expect(bytes.length).toBeLessThan(JSON.stringify({ items }).length / 3);

      const plain = await get();
      expect(plain.headers.get('x-cache')).toBe('hit');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('vary')).toBe('Accept-Encoding');
      expect(await plain.json()).toEqual({ items });
    } finally {
      await mine.close();
    }
  });

  it("answers a hit over HTTP with the function's security headers and a request id of its own", async () => {
    const mine = await createReadCache(database, CHANNEL);
    const app = testFunctionApp();
    const items = serveBigList(app, mine);
    const server = await listen(app, { port: 0, host: '127.0.0.1' });
    try {
      const answers = [];
      for (let i = 0; i < 3; i++)
        answers.push(await fetch(`${server.url}/big`, { headers: { 'accept-encoding': 'gzip' } }));
      expect(answers.map((r) => r.headers.get('x-cache'))).toEqual([null, 'hit', 'hit']);
      for (const res of answers) {
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ items });
        // A cached answer is a signed-in person's too: no-store, like the answer it was kept from.
        for (const [name, value] of Object.entries(API_HEADERS)) expect(res.headers.get(name), name).toBe(value);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
      expect(answers[1]?.headers.get('content-encoding')).toBe('gzip');
      expect(new Set(answers.map((r) => r.headers.get('x-request-id'))).size).toBe(3);
    } finally {
      await server.close();
      await mine.close();
    }
  });
});
