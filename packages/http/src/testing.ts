import { createLogger, createMetrics } from '@coppertone/observability';
import { createFunctionApp, type FunctionApp, type FunctionAppOptions } from './app.ts';

export { httpInServicesOrRepos } from './http-outside-routes.ts';

/** A function app for tests of the shared middleware: a silent log, metrics of its own, always ready, on localhost. */
export function testFunctionApp(opts: Partial<FunctionAppOptions> = {}): FunctionApp {
  return createFunctionApp({
    name: 'test',
    log: createLogger({ name: opts.name ?? 'test', level: 'silent' }),
    metrics: createMetrics({ defaults: false }),
    ready: async () => true,
    publicUrl: 'http://localhost',
    ...opts,
  });
}

/**
 * A browser-like client for `app.request` in tests: keeps cookies between requests, sends JSON,
 * and can pose as a given client address (with TRUST_PROXY on) or a given Origin.
 */
export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted field by field
  body: any;
  setCookie: string[];
}

export interface SseEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: asserted field by field
  data: any;
}

export interface EventStream {
  status: number;
  readonly ended: boolean;
  next(timeoutMs?: number): Promise<SseEvent | undefined>;
  close(): void;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  readonly #fetch: (path: string, init: RequestInit) => Response | Promise<Response>;
  readonly #defaults: Record<string, string>;

  constructor(
    fetch: (path: string, init: RequestInit) => Response | Promise<Response>,
    defaults: Record<string, string> = {},
  ) {
    this.#fetch = fetch;
    this.#defaults = defaults;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    const h: Record<string, string> = { ...this.#defaults, ...headers };
    if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.#fetch(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie();
    for (const line of setCookie) {
      const [pair = '', ...attrs] = line.split(';');
      const [name = '', ...rest] = pair.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed, setCookie };
  }

  /** Opens a Server-Sent Events stream; `next()` resolves with the next event (or undefined on timeout). */
  async events(path: string): Promise<EventStream> {
    const h: Record<string, string> = { ...this.#defaults, accept: 'text/event-stream' };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const controller = new AbortController();
    const res = await this.#fetch(path, { method: 'GET', headers: h, signal: controller.signal });
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let ended = false;
    const pending: SseEvent[] = [];
    const pump = async (): Promise<void> => {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) {
        ended = true;
        return;
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.replace(/^data: ?/, ''))
          .join('\n');
        if (event || data) pending.push({ event: event ?? 'message', data: data ? JSON.parse(data) : undefined });
        cut = buffer.indexOf('\n\n');
      }
    };
    return {
      status: res.status,
      get ended() {
        return ended;
      },
      async next(timeoutMs = 3000) {
        const deadline = Date.now() + timeoutMs;
        while (!pending.length && !ended && Date.now() < deadline) {
          await Promise.race([pump(), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
        }
        return pending.shift();
      },
      close() {
        controller.abort();
        void reader?.cancel().catch(() => {});
      },
    };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, body ?? {}, headers);
  patch = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', path, body ?? {}, headers);
}
