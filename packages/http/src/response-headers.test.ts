import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionApp } from './app.ts';
import { AppError } from './errors.ts';
import { API_HEADERS } from './response-headers.ts';
import { listen, type RunningServer } from './serve.ts';
import { testFunctionApp } from './testing.ts';

let app: FunctionApp;
let server: RunningServer;

beforeAll(async () => {
  app = testFunctionApp();
  app.get('/ok', (c) => c.json({ ok: true, id: c.get('requestId') }));
  app.get('/framed', (c) =>
    c.json({ ok: true }, 200, { 'x-frame-options': 'DENY', 'cache-control': 'private, max-age=60' }),
  );
  app.get('/conflict', () => {
    throw new AppError('conflict', 'Already moved.');
  });
  app.get('/crash', () => {
    throw new Error('disk on fire');
  });
  app.get('/raw', () => new Response('plain', { status: 201, headers: { 'content-type': 'text/plain' } }));
  server = await listen(app, { port: 0, host: '127.0.0.1' });
});
afterAll(() => server?.close());

// Over real HTTP (Node's response takes the headers) and through app.request (they go on the answer).
const transports = {
  http: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init),
  'app.request': (path: string, init?: RequestInit) => app.request(path, init),
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(Object.entries(transports))('response headers (%s)', (_name, send) => {
  it('puts the security headers and a request id on every answer: success, error, crash, unknown route, raw', async () => {
    for (const [path, status] of [
      ['/ok', 200],
      ['/conflict', 409],
      ['/crash', 500],
      ['/nowhere', 404],
      ['/raw', 201],
    ] as const) {
      const res = await send(path);
      expect(res.status, path).toBe(status);
      for (const [name, value] of Object.entries(API_HEADERS))
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
      expect(res.headers.get('x-request-id'), path).toMatch(UUID);
      if (path !== '/raw') expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
    }
    expect((await send('/raw')).headers.get('content-type')).toBe('text/plain');
  });

  it('gives the request id to the handler and to the error body, the same as the header', async () => {
    const ok = await send('/ok');
    expect((await ok.json()).id).toBe(ok.headers.get('x-request-id'));
    const failed = await send('/conflict');
    expect((await failed.json()).error.requestId).toBe(failed.headers.get('x-request-id'));
  });

  it("keeps a caller's plain request id and replaces one that is too long or not a token", async () => {
    const kept = await send('/ok', { headers: { 'x-request-id': 'edge-7f3a=' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-7f3a=');
    expect((await kept.json()).id).toBe('edge-7f3a=');
    for (const bad of ['a'.repeat(129), 'two words', '<script>']) {
      const res = await send('/ok', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id'), bad).toMatch(UUID);
    }
  });

  it("lets an answer's own header win over the default", async () => {
    const res = await send('/framed');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('private, max-age=60');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
