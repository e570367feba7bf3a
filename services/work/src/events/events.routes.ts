import { requireAuth, SESSION_COOKIE, type SessionCache } from '@coppertone/auth';
import type { FunctionApp } from '@coppertone/http';
import type { Metrics } from '@coppertone/observability';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { WorkDeps } from '../context.ts';
import { authorize } from '../policy.ts';
import { followEvents } from './events.service.ts';

export function registerEventRoutes(
  app: FunctionApp,
  deps: WorkDeps,
  opts: { recheckMs?: number; sessions?: SessionCache; metrics?: Metrics } = {},
): void {
  const streams = opts.metrics?.sseConnections;
  if (opts.metrics && streams) opts.metrics.adopt([streams]);
  // A stream, not JSON: declared by hand rather than through defineRoute.
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/events',
    summary:
      'Live updates (Server-Sent Events): task.changed, task.removed, project.changed — only what the caller may see',
    tags: ['events'],
    responses: { 200: { description: 'text/event-stream' }, 401: { description: 'Not signed in' } },
  });
  app.get('/events', (c) => {
    const actor = requireAuth(c);
    authorize(actor, 'events.subscribe');
    const token = getCookie(c, SESSION_COOKIE);
    c.header('cache-control', 'no-store');
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, (stream) =>
      followEvents(
        deps,
        actor,
        { token, sessions: opts.sessions, recheckMs: opts.recheckMs, open: streams },
        {
          send: (e) => stream.writeSSE(e),
          keepAlive: () => stream.write(': keep-alive\n\n').then(() => undefined),
          onAbort: (end) => stream.onAbort(end),
        },
      ),
    );
  });
}
