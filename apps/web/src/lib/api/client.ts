/**
 * The one fetch wrapper every page uses to talk to the API: JSON in and out, same-origin cookies,
 * and every failure turned into an `ApiError` that follows the error contract
 * `{ error: { code, message, requestId, fields? } }`.
 */

/** A failed API call. `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** The contract's error code (`validation_failed`, `rate_limited`, …), `network` or `unknown`. */
  readonly code: string;
  readonly requestId: string | undefined;
  /** Per-field messages of a `validation_failed` (or other) answer. */
  readonly fields: Readonly<Record<string, string>>;
  /** From `Retry-After` on a 429, in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string;
    fields?: Record<string, string>;
    retryAfterSeconds?: number;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.fields = init.fields ?? {};
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
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

export type Fetch = typeof fetch;

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** SvelteKit's `fetch` inside `load`; the global one otherwise. */
  fetch?: Fetch;
  signal?: AbortSignal;
}

/** Calls the API and returns the parsed JSON (undefined for 204), or throws an `ApiError`. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network', message: 'The server could not be reached.' });
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    // A 2xx with an unreadable body (a misrouted request answered by the SPA shell, say).
    throw new ApiError({ status: response.status, code: 'unknown', message: 'The server sent an unexpected answer.' });
  }
}
