import { Writable } from 'node:stream';
import { createLogger } from '@coppertone/observability';
import { describe, expect, it } from 'vitest';
import { requestLog } from './app.ts';
import { testFunctionApp } from './testing.ts';

function appWithLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  const app = testFunctionApp({ log: createLogger({ name: 'test', destination }) });
  return { app, lines };
}

describe('the request logger', () => {
  it('puts the request id on every line a request logs, the same logger each time', async () => {
    const { app, lines } = appWithLog();
    app.get('/twice', (c) => {
      const log = requestLog(c);
      log.info('first');
      requestLog(c).info({ password: 'hunter2' }, 'second');
      return c.json({ same: log === requestLog(c) });
    });
    const res = await app.request('/twice', { headers: { 'x-request-id': 'req-42' } });
    expect(await res.json()).toEqual({ same: true });
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['first', 'req-42'],
      ['second', 'req-42'],
    ]);
    expect(lines[1]?.password).toBe('[redacted]');
  });

  it('logs an unhandled error with its request id, and answers 500 with that id', async () => {
    const { app, lines } = appWithLog();
    app.get('/boom', () => {
      throw new Error('disk on fire');
    });
    const res = await app.request('/boom', { headers: { 'x-request-id': 'req-7' } });
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatchObject({ code: 'internal', requestId: 'req-7' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'unhandled error', requestId: 'req-7', err: { message: 'disk on fire' } });
  });
});
