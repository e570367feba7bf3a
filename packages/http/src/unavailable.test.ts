import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testFunctionApp } from './testing.ts';
import { isUnavailable } from './unavailable.ts';

/** The error Node gives for a connection to a port nothing listens on (a real one, not a copy). */
async function refusedConnection(): Promise<Error> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return new Promise((resolve) => connect(port, '127.0.0.1').on('error', resolve));
}

/** Shaped as node-postgres makes them: a DatabaseError carries the SQLSTATE as `code`. */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it('is true for a refused connection, also wrapped as a cause or inside an AggregateError', async () => {
    const refused = await refusedConnection();
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isUnavailable(refused)).toBe(true);
    expect(isUnavailable(new Error('query failed', { cause: refused }))).toBe(true);
    expect(isUnavailable(new AggregateError([refused], 'every address refused'))).toBe(true);
  });

  it('is true for PostgreSQL shutting down or starting, a connection exception, too many connections', () => {
    expect(isUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isUnavailable(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isUnavailable(pgError('08006', 'connection failure'))).toBe(true);
    expect(isUnavailable(pgError('53300', 'sorry, too many clients already'))).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('is false for errors a retry does not mend', () => {
    expect(isUnavailable(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isUnavailable(pgError('42P01', 'relation "nope" does not exist'))).toBe(false);
    expect(isUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isUnavailable('ECONNREFUSED')).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });
});

describe('a function app', () => {
  const app = testFunctionApp();
  app.get('/refused', async () => {
    throw new Error('select failed', { cause: await refusedConnection() });
  });
  app.get('/restarting', () => {
    throw pgError('57P01', 'terminating connection due to administrator command');
  });
  app.get('/broken', () => {
    throw new TypeError('a bug');
  });

  it('answers 503 with Retry-After when the database cannot be reached or is restarting', async () => {
    for (const path of ['/refused', '/restarting']) {
      const res = await app.request(path);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = await res.json();
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toBe('The service is briefly unavailable; try again in a moment.');
    }
  });

  it('still answers 500 to anything else, saying nothing of it', async () => {
    const res = await app.request('/broken');
    expect(res.status).toBe(500);
    expect(res.headers.get('retry-after')).toBeNull();
    expect((await res.json()).error.code).toBe('internal');
  });
});
