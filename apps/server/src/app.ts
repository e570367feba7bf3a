import { existsSync } from 'node:fs';
import {
  AppError,
  type FunctionApp,
  functionPrefix,
  registerHealthRoutes,
  respondError,
  responseHeaders,
  underPrefix,
} from '@coppertone/http';
import type { DevMailbox } from '@coppertone/mail';
import type { Metrics } from '@coppertone/observability';
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { mailboxRoutes } from './mailbox.ts';
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
  app.use('/api/*', responseHeaders());
  app.all('/api/*', (c) => respondError(c, new AppError('not_found', `No API at ${c.req.path}.`)));
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
  app.notFound((c) =>
    c.json(
      { error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.`, requestId: 'none' } },
      404,
    ),
  );
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
