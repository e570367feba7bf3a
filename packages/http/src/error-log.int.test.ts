import { Writable } from 'node:stream';
import { createTestDatabase } from '@coppertone/db/testing';
import { createLogger, findSecrets } from '@coppertone/observability';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testFunctionApp } from './testing.ts';

// A statement the database refuses (a NUL in text, as a registration with one in the name did)
// with a password hash among its parameters: the error log must name the failure, not the hash.
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

function appWithFailingInsert() {
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = testFunctionApp({ log: createLogger({ name: 'test', destination }) });
  app.post('/register', async (c) => {
    await database.db
      .insertInto('users')
      .values({ email: 'nul@example.test', name: 'Ada\u0000', role: 'client', password_hash: HASH })
      .execute();
    return c.json({ ok: true });
  });
  app.post('/raw', async (c) => {
    await sql`select ${HASH}::text, ${'a\u0000'}::text`.execute(database.db);
    return c.json({ ok: true });
  });
  return app;
}

describe('a failed database call in the error log', () => {
  it('is logged without the statement’s parameters, so no hash reaches the log', async () => {
    const app = appWithFailingInsert();
    for (const path of ['/register', '/raw']) {
      lines.length = 0;
      const res = await app.request(path, { method: 'POST' });
      expect(res.status).toBe(500);
      const logged = lines.join('');
      expect(logged).toContain('unhandled error');
      expect(logged).toMatch(/0x00|null character|invalid byte sequence/);
      expect(logged).not.toContain('$argon2');
      expect(findSecrets(logged)).toEqual([]);
    }
  });
});
