import { type Logger, type Metrics, withRequestId } from '@coppertone/observability';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getPath } from 'hono/utils/url';
import { validationError } from './body.ts';
import { AppError, errorBody } from './errors.ts';
import { responseHeaders } from './response-headers.ts';
import { sameOrigin } from './same-origin.ts';
import { badTextFields, NUL_MESSAGE } from './text.ts';
import { isUnavailable } from './unavailable.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The function's logger; log about a request through `requestLog(c)`. */
    logger: Logger;
    /** Made by `requestLog(c)` on first use. */
    requestLog?: Logger;
  };
}

/** Where a function's API lives on the public address: nginx strips it, the all-in-one server passes it on. */
export const functionPrefix = (name: string): string => `/api/${name}`;

/** The rest of `path` when it lies under `prefix` (`/api/work` → `/`, `/api/work/tasks` → `/tasks`). */
export function underPrefix(path: string, prefix: string): string | undefined {
  if (!path.startsWith(prefix)) return undefined;
  if (path.length === prefix.length) return '/';
  return path[prefix.length] === '/' ? path.slice(prefix.length) : undefined;
}

export interface FunctionAppOptions {
  /** The function's name; also the OpenAPI title suffix. */
  name: string;
  log: Logger;
  metrics: Metrics;
  /** Readiness: database reachable and migrations applied. */
  ready: () => Promise<boolean>;
  /** The address people use; state-changing browser requests must come from it (or the Host addressed). */
  publicUrl: string;
  /** Paths that authenticate otherwise (signed webhooks) and skip the same-origin check. */
  originExempt?: (path: string) => boolean;
  version?: string;
}

export type FunctionApp = OpenAPIHono<AppEnv>;

/**
 * The app every function is built on: request id, per-request logger, HTTP metrics by matched route,
 * a 64 KB body limit, the JSON error contract, and the health/metrics/OpenAPI endpoints. Routes are
 * defined without the `/api/<name>` prefix: behind nginx requests arrive without it, and the
 * all-in-one server hands them over with it, to be matched as if it were not there.
 */
export function createFunctionApp(opts: FunctionAppOptions): FunctionApp {
  const prefix = functionPrefix(opts.name);
  const app = new OpenAPIHono<AppEnv>({
    getPath: (req) => {
      const path = getPath(req);
      return underPrefix(path, prefix) ?? path;
    },
  });

  app.use(responseHeaders());
  app.use(async (c, next) => {
    c.set('logger', opts.log);
    const started = performance.now();
    // Jobs queued while handling it carry its id to the worker (packages/jobs).
    await withRequestId(c.get('requestId'), next);
    const route = c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
    opts.metrics.httpDuration
      .labels(c.req.method, route, String(c.res.status))
      .observe((performance.now() - started) / 1000);
  });
  app.use(sameOrigin({ publicUrl: opts.publicUrl, exempt: opts.originExempt }));
  app.use(limitBody);
  app.use(refuseNulInUrl);

  registerHealthRoutes(app, opts);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: `Coppertone ${opts.name} API`, version: opts.version ?? '0.1.0' },
  });

  // The path as it was asked for (the all-in-one server's `/api/<name>` still on it), not as routed.
  app.notFound((c) =>
    respondError(c, new AppError('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)),
  );
  app.onError((err, c) => {
    if (err instanceof AppError) return respondError(c, err);
    if (isUnavailable(err)) {
      (c.get('logger') ? requestLog(c) : opts.log).warn({ err }, 'a backing service is unavailable');
      return respondError(
        c,
        new AppError('unavailable', 'The service is briefly unavailable; try again in a moment.', {
          headers: { 'Retry-After': '5' },
        }),
      );
    }
    (c.get('logger') ? requestLog(c) : opts.log).error({ err }, 'unhandled error');
    return respondError(c, new AppError('internal', 'Something went wrong on our side; it has been logged.'));
  });
  return app;
}

/**
 * The request's logger (its id and route on every line), made when first used: most requests log nothing, and
 * a pino child for each one (its bindings go through the redaction) was 7 % of what a cached read
 * allocated.
 */
export function requestLog(c: Context<AppEnv>): Logger {
  let log = c.get('requestLog');
  if (!log) {
    // The matched route pattern (never the raw path, which may carry ids or tokens).
    log = c.get('logger').child({ requestId: c.get('requestId'), route: c.req.routePath });
    c.set('requestLog', log);
  }
  return log;
}

const tooLarge = () =>
  new AppError('payload_too_large', `The request body is larger than ${BODY_LIMIT_BYTES / 1024} KB.`);
const streamedBodyLimit = bodyLimit({
  maxSize: BODY_LIMIT_BYTES,
  onError: () => {
    throw tooLarge();
  },
});

/**
 * The 64 KB body limit, judged by Content-Length where the request has one; only a body sent without
 * it (chunked) is counted as it streams. Hono's own middleware asks every request for its body stream,
 * which on Node builds a full web Request (and a stream adapter) even for a GET: half the server CPU of
 * a contact POST, 15 % of a healthz.
 */
const limitBody: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
  const length = c.req.header('content-length');
  if (length !== undefined && !c.req.header('transfer-encoding')) {
    if (Number(length) > BODY_LIMIT_BYTES) throw tooLarge(); // Node has refused a malformed length
    return next();
  }
  return streamedBodyLimit(c, next);
};

/**
 * A NUL character in the path or the query string (`%00`) would reach SQL through a parameter some
 * handler reads itself: refused here for every route, naming the query parameter (or `path`). A lone
 * surrogate cannot arrive this way (percent-decoding refuses it), and bodies are judged by `readBody`.
 */
const refuseNulInUrl: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  if (!url.includes('%00')) return next();
  const { pathname, searchParams } = new URL(url);
  const fields = badTextFields(Object.fromEntries(searchParams));
  if (decodeURIComponentSafe(pathname).includes('\0')) fields.path = NUL_MESSAGE;
  if (Object.keys(fields).length) throw validationError(undefined, fields);
  return next();
};

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** `/healthz` (alive), `/readyz` (database and migrations), `/metrics` (Prometheus text). */
// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its context variables
export function registerHealthRoutes(a: Hono<any>, opts: Pick<FunctionAppOptions, 'name' | 'metrics' | 'ready'>): void {
  a.get('/healthz', (c) => c.json({ status: 'ok', service: opts.name }));
  a.get('/readyz', async (c) => {
    const ready = await opts.ready().catch(() => false);
    return c.json({ status: ready ? 'ready' : 'not_ready', service: opts.name }, ready ? 200 : 503);
  });
  a.get('/metrics', async (c) => {
    c.header('content-type', opts.metrics.registry.contentType);
    return c.body(await opts.metrics.registry.metrics());
  });
}

export function respondError(c: Context, err: AppError): Response {
  const id = (c.get('requestId') as string | undefined) ?? 'unknown';
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(errorBody(err, id), err.status);
}
