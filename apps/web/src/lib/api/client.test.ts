import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, errorFrom, parseRetryAfter, request } from './client.ts';

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('errorFrom', () => {
  it('reads the error contract, fields and Retry-After', async () => {
    const error = await errorFrom(
      reply(
        400,
        {
          error: {
            code: 'validation_failed',
            message: 'Invalid input',
            requestId: 'req-1',
            fields: { email: 'E-mail must be a valid address', odd: 3 },
          },
        },
        { 'retry-after': '30' },
      ),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'Invalid input',
      requestId: 'req-1',
      fields: { email: 'E-mail must be a valid address' },
      retryAfterSeconds: 30,
    });
  });

  it('falls back to the status for answers that are not the contract', async () => {
    const proxy = await errorFrom(new Response('<h1>Bad gateway</h1>', { status: 502 }));
    expect(proxy).toMatchObject({ status: 502, code: 'internal', requestId: undefined, fields: {} });
    const limited = await errorFrom(new Response('', { status: 429, headers: { 'retry-after': '120' } }));
    expect(limited).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 120 });
    const odd = await errorFrom(reply(418, { error: 'teapot' }));
    expect(odd).toMatchObject({ code: 'unknown', message: 'HTTP 418' });
  });
});

describe('parseRetryAfter', () => {
  it('understands seconds and HTTP dates', () => {
    expect(parseRetryAfter('90')).toBe(90);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });
});

describe('request', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends JSON with same-origin credentials and returns the parsed answer', async () => {
    const fetchMock = vi.fn(async () => reply(200, { user: { id: 'u1' } }));
    vi.stubGlobal('fetch', fetchMock);
    const result = await request<{ user: { id: string } }>('POST', '/api/identity/login', {
      body: { email: 'a@example.com' },
    });
    expect(result.user.id).toBe('u1');
    expect(fetchMock).toHaveBeenCalledWith('/api/identity/login', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: '{"email":"a@example.com"}',
      credentials: 'same-origin',
      signal: undefined,
    });
  });

  it('returns undefined for 204 and sends no body when there is none', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 204 }));
    await expect(request('POST', '/api/identity/logout', { fetch: fetchMock as typeof fetch })).resolves.toBe(
      undefined,
    );
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.body).toBeUndefined();
    expect(init?.headers).toEqual({ accept: 'application/json' });
  });

  it('throws an ApiError for error answers and network failures', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => reply(401, { error: { code: 'unauthenticated', message: 'Sign in first.', requestId: 'r' } })),
    );
    await expect(request('GET', '/api/identity/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(request('GET', '/api/identity/me')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('reports a success answer that is not JSON', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<!doctype html>', { status: 200 })),
    );
    await expect(request('GET', '/api/identity/me')).rejects.toMatchObject({ code: 'unknown' });
  });
});
