import { existsSync } from 'node:fs';
import {
  AppError,
  type FunctionApp,
  fromThisMachine,
  functionPrefix,
  registerHealthRoutes,
  respondError,
  responseHeaders,
  underPrefix,
} from '@coppertone/http';
import type { DevMailbox } from '@coppertone/mail';
import type { Metrics } from '@coppertone/observability';
import { Hono, type MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import { mailboxRoutes } from './mailbox.ts';
import { type PaymentStandIns, paymentPageRoutes } from './payment-pages.ts';
import { createStaticSite } from './static.ts';

export interface ServerAppOptions {
  /** Each function's app, mounted at `/api/<name>`. */
  functions: Record<string, FunctionApp>;
  metrics: Metrics;
  ready: () => Promise<boolean>;
  /** The built web app (apps/web/build). */
  webRoot: string;
  /** Demo mode only. */
  mailbox?: DevMailbox;
  /** Demo mode only: the payment stand-ins whose payer pages are served under /dev/stripe and /dev/btcpay. */
  paymentStandIns?: PaymentStandIns;
  /**
   * The session check (packages/auth's `sessionGuard`): it sets `auth` for a signed-in caller, and a
   * signed-in admin may read /dev/* and /metrics from anywhere. Without it, only this machine may.
   */
  sessions?: MiddlewareHandler;
}

export interface ServerApp {
  fetch: (req: Request, env?: unknown) => Response | Promise<Response>;
}

/**
 * The all-in-one server: every function under /api/<name>, the dev mailbox, and the web app. A
 * request for a function goes to that function's app as it is, as nginx sends it to the function's
 * container: mounted as routes of one app instead (`app.route`), each of a function's middlewares
 * and handlers ran wrapped in an error handler of its own on every request, a fifth of what a cached
 * read allocated.
 */
export function createServerApp(opts: ServerAppOptions): ServerApp {
  const mounts = Object.entries(opts.functions).map(([name, fn]) => [functionPrefix(name), fn] as const);
  const app = new Hono();
  // Everything here that is not a page of the web app carries the API's headers and a request id:
  // the dev mailbox, health, metrics, unknown API paths, other methods. Pages carry their own (static.ts).
  const headers = responseHeaders();
  app.use(async (c, next) => (isPage(c.req.method, c.req.path) ? next() : headers(c, next)));
  app.all('/api/*', (c) => respondError(c, new AppError('not_found', `No API at ${c.req.path}.`)));
  // The mailbox shows everyone's reset, confirmation and invitation links; metrics show the traffic.
  const local = localOrAdmin(opts.sessions);
  // The payment stand-ins' pages are for payers (clients, on any machine): routed before that guard.
  if (opts.paymentStandIns) app.route('/', paymentPageRoutes(opts.paymentStandIns, local));
  app.use('/dev/*', local);
  app.use('/metrics', local);
  if (opts.mailbox) app.route('/dev', mailboxRoutes(opts.mailbox));
  registerHealthRoutes(app, { name: 'server', metrics: opts.metrics, ready: opts.ready });

  if (!existsSync(`${opts.webRoot}/index.html`)) {
    throw new Error(`The web app is not built (${opts.webRoot}/index.html is missing): run \`npm run build\`.`);
  }
  const site = createStaticSite(opts.webRoot);
  const timer = opts.metrics.httpDuration;
  app.on(['GET', 'HEAD'], '*', (c) => {
    const started = performance.now();
    const res = site.handle(c);
    timer.labels(c.req.method, 'static', String(res.status)).observe((performance.now() - started) / 1000);
    return res;
  });
  app.notFound((c) => respondError(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)));
  return {
    fetch: (req, env) => {
      const path = getPath(req);
      for (const [prefix, fn] of mounts) {
        if (underPrefix(path, prefix) !== undefined) return fn.fetch(req, env);
      }
      return app.fetch(req, env);
    },
  };
}

/** Paths answered by this server itself rather than by the web app's pages. */
const OWN_PATHS = ['/api/', '/dev/', '/healthz', '/readyz', '/metrics'];
const isPage = (method: string, path: string): boolean =>
  (method === 'GET' || method === 'HEAD') &&
  !OWN_PATHS.some((p) => (p.endsWith('/') ? path.startsWith(p) || path === p.slice(0, -1) : path === p));

/**
 * Lets through a request from this machine (see `fromThisMachine`) or from a signed-in admin;
 * anyone else is told where it can be read instead of what is there.
 */
function localOrAdmin(sessions: MiddlewareHandler | undefined): MiddlewareHandler {
  const refuse = (c: Parameters<MiddlewareHandler>[0]) =>
    respondError(
      c,
      new AppError('forbidden', 'This page is only shown on the machine the server runs on, or to a signed-in admin.'),
    );
  return async (c, next) => {
    if (fromThisMachine(c)) return next();
    if (!sessions) return refuse(c);
    let admin = false;
    await sessions(c, async () => {
      admin = (c.get('auth' as never) as { role?: string } | undefined)?.role === 'admin';
    });
    return admin ? next() : refuse(c);
  };
}
