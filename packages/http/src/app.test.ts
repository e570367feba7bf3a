import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from './app.ts';
import { listen, type RunningServer } from './serve.ts';
import { testFunctionApp } from './testing.ts';

// Over real HTTP: Content-Length and chunked bodies only exist on the wire, not in `app.request`.
let server: RunningServer;
let bodiesRead = 0;

beforeAll(async () => {
  const app = testFunctionApp();
  app.post('/echo', async (c) => {
    bodiesRead += 1;
    return c.json({ bytes: (await c.req.text()).length });
  });
  app.get('/plain', (c) => c.json({ ok: true }));
  server = await listen(app, { port: 0, host: '127.0.0.1' });
});
afterAll(() => server?.close());

const post = (body: BodyInit, init: RequestInit = {}) =>
  fetch(`${server.url}/echo`, { method: 'POST', body, ...init, headers: { 'content-type': 'text/plain' } });

/** A body sent without Content-Length (Transfer-Encoding: chunked), `size` bytes in 8 KB chunks. */
const chunked = (size: number) => ({
  body: Readable.toWeb(Readable.from(Array.from({ length: size / 8192 }, () => Buffer.alloc(8192, 97)))) as BodyInit,
  duplex: 'half' as const,
});

describe('the 64 KB body limit', () => {
  it('takes a body up to the limit, with Content-Length or chunked', async () => {
    const sized = await post('a'.repeat(BODY_LIMIT_BYTES));
    expect(sized.status).toBe(200);
    expect(await sized.json()).toEqual({ bytes: BODY_LIMIT_BYTES });
    const { body, duplex } = chunked(BODY_LIMIT_BYTES);
    const streamed = await post(body, { duplex } as RequestInit);
    expect(streamed.status).toBe(200);
    expect(await streamed.json()).toEqual({ bytes: BODY_LIMIT_BYTES });
  });

  it('refuses a larger Content-Length with 413 before the handler reads anything', async () => {
    const before = bodiesRead;
    const res = await post('a'.repeat(BODY_LIMIT_BYTES + 1));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(bodiesRead).toBe(before);
  });

  it('refuses a larger chunked body with 413 once it passes the limit', async () => {
    const before = bodiesRead;
    const { body, duplex } = chunked(BODY_LIMIT_BYTES + 8192);
    const res = await post(body, { duplex } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(bodiesRead).toBe(before);
  });

  it('leaves requests without a body alone', async () => {
    const res = await fetch(`${server.url}/plain`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
