import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiClient, data, errorFrom, type Fetch, filled, parseRetryAfter, via } from './client.ts';
import type { paths } from './generated/identity.ts';

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

describe('calls through the generated client', () => {
  // Absolute: outside a page there is no document address to resolve `/api/identity` against.
  const api = apiClient<paths>('http://app.test/api/identity');
  const sent = (mock: { mock: { calls: unknown[][] } }, call = 0) => mock.mock.calls[call]?.[0] as Request;

  afterEach(() => vi.unstubAllGlobals());

  it('sends JSON with same-origin credentials and returns the typed answer', async () => {
    const fetchMock = vi.fn(async (_request: Request) => reply(200, { user: { id: 'u1' } }));
    vi.stubGlobal('fetch', fetchMock);
    const result = await data(api.POST('/login', { body: { email: 'a@example.com', password: 'pw' }, ...via() }));
    expect(result.user.id).toBe('u1');
    const request = sent(fetchMock);
    expect(request.url).toBe('http://app.test/api/identity/login');
    expect(request.method).toBe('POST');
    expect(request.credentials).toBe('same-origin');
    expect(request.headers.get('accept')).toBe('application/json');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.text()).toBe('{"email":"a@example.com","password":"pw"}');
  });

  it('uses the fetch it is given (SvelteKit’s inside load), encodes path parameters and leaves out empty query fields', async () => {
    const own = vi.fn(async (_request: Request) => reply(200, { items: [], page: 2, pageSize: 100, total: 0 }));
    vi.stubGlobal('fetch', vi.fn());
    await data(api.GET('/staff', { params: { query: filled({ page: 2, q: '' }) }, ...via(own as unknown as Fetch) }));
    expect(sent(own).url).toBe('http://app.test/api/identity/staff?page=2');
    await data(api.GET('/invites/{token}', { params: { path: { token: 'a/b c' } }, ...via(own as unknown as Fetch) }));
    expect(sent(own, 1).url).toBe('http://app.test/api/identity/invites/a%2Fb%20c');
  });

  it('returns undefined for 204 and sends no body when there is none', async () => {
    const fetchMock = vi.fn(async (_request: Request) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(data(api.POST('/logout', via()))).resolves.toBeUndefined();
    const request = sent(fetchMock);
    expect(request.body).toBeNull();
    expect(request.headers.get('content-type')).toBeNull();
  });

  it('throws an ApiError for error answers (details kept) and network failures', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        reply(409, { error: { code: 'conflict', message: 'Changed meanwhile.', requestId: 'r', details: { v: 2 } } }),
      ),
    );
    await expect(data(api.GET('/me', via()))).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      details: { v: 2 },
    });

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(data(api.GET('/me', via()))).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('lets an abort through as an abort', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new DOMException('stopped', 'AbortError');
      }),
    );
    await expect(data(api.GET('/me', via()))).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a success answer that is not JSON', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } })),
    );
    await expect(data(api.GET('/me', via()))).rejects.toMatchObject({ status: 200, code: 'unknown' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"user":', { status: 200, headers: { 'content-type': 'application/json' } })),
    );
    await expect(data(api.GET('/me', via()))).rejects.toMatchObject({ code: 'unknown' });
  });
});
