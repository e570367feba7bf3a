/**
 * What every call to the API shares: an openapi-fetch client per function, typed by the paths
 * generated from its OpenAPI document (./generated, `npm run api:generate`), same-origin cookies,
 * and every failure turned into an `ApiError` that follows the error contract
 * `{ error: { code, message, requestId, fields?, details? } }`.
 */
import createClient, { type Client } from 'openapi-fetch';

/** A failed API call. `status` is 0 when no readable answer came (the server could not be reached). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** The contract's error code (`validation_failed`, `rate_limited`, …), `network` or `unknown`. */
  readonly code: string;
  readonly requestId: string | undefined;
  /** Per-field messages of a `validation_failed` (or other) answer. */
  readonly fields: Readonly<Record<string, string>>;
  /** What else the server said (a 409 on a task sends the task as it is now). */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** From `Retry-After` on a 429, in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string | undefined;
    fields?: Record<string, string>;
    details?: Record<string, unknown> | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.fields = init.fields ?? {};
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Retry-After` as seconds: either a number of seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

/** Reads an error answer into an `ApiError`, whether or not it follows the contract (a proxy's HTML page does not). */
export async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall back to what the status says.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const fields: Record<string, string> = {};
  if (isRecord(error.fields)) {
    for (const [name, text] of Object.entries(error.fields)) if (typeof text === 'string') fields[name] = text;
  }
  return new ApiError({
    status: response.status,
    code:
      typeof error.code === 'string' && error.code
        ? error.code
        : (CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? 'internal' : 'unknown')),
    message: typeof error.message === 'string' && error.message ? error.message : `HTTP ${response.status}`,
    requestId: typeof error.requestId === 'string' ? error.requestId : undefined,
    fields,
    details: isRecord(error.details) ? error.details : undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

const unexpected = (status: number) =>
  new ApiError({ status, code: 'unknown', message: 'The server sent an unexpected answer.' });

export type Fetch = typeof fetch;

/** What a call passes to openapi-fetch: the fetch to use (SvelteKit's inside `load`) and an abort signal. */
// A type, not an interface: openapi-fetch takes it where it wants an index signature.
export type CallOptions = {
  fetch: (request: Request) => Promise<Response>;
  signal?: AbortSignal;
};

/**
 * Per call: sends through `fetchWith` (the global fetch by default) and throws an `ApiError` for a
 * network failure, an error answer (its body read as the contract) or a success that is not JSON
 * (a misrouted request answered by the SPA shell, say), so a call's `data` is always the typed answer.
 */
export function via(fetchWith?: Fetch, signal?: AbortSignal): CallOptions {
  const send = async (request: Request): Promise<Response> => {
    let response: Response;
    try {
      response = await (fetchWith ?? fetch)(request);
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError({ status: 0, code: 'network', message: 'The server could not be reached.' });
    }
    if (!response.ok) throw await errorFrom(response);
    const empty = response.status === 204 || response.headers.get('content-length') === '0';
    if (!empty && !/[/+]json\b/.test(response.headers.get('content-type') ?? '')) throw unexpected(response.status);
    return response;
  };
  return signal ? { fetch: send, signal } : { fetch: send };
}

/** The answer of a call made with `via(…)`: errors were thrown there, and JSON that does not parse is one too. */
export async function data<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  try {
    return (await call).data as T;
  } catch (cause) {
    if (cause instanceof SyntaxError) throw unexpected(0);
    throw cause;
  }
}

/** A typed client of one function's API under `baseUrl` (`/api/work`; absolute in tests, which run outside a page). */
export const apiClient = <Paths extends {}>(baseUrl: string): Client<Paths> =>
  createClient<Paths>({ baseUrl, credentials: 'same-origin', headers: { accept: 'application/json' } });

/** A query without its empty fields (`?q=` means no search, as an absent one does). */
export function filled<Q extends object>(query: Q): Q {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Q;
}
