import { findSession, requireAuth, SESSION_COOKIE, type SessionCache } from '@coppertone/auth';
import type { FunctionApp } from '@coppertone/http';
import type { Metrics } from '@coppertone/observability';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { WorkDeps } from '../context.ts';
import { authorize, presentTask, scopeFor } from '../policy.ts';
import { deliveryFor } from './events.filter.ts';
import type { WorkEvent } from './events.types.ts';

const HEARTBEAT_MS = 15_000;
/**
 * A long-lived stream re-checks its session this often, so a session that merely expires (idle or
 * absolute limit, which nobody announces) ends it too. A revocation ends it at once (`sessions`).
 */
const RECHECK_MS = 30_000;

export function registerEventRoutes(
  app: FunctionApp,
  deps: WorkDeps,
  opts: { recheckMs?: number; sessions?: SessionCache; metrics?: Metrics } = {},
): void {
  const streams = opts.metrics?.sseConnections;
  if (opts.metrics && streams) opts.metrics.adopt([streams]);
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
    const scope = scopeFor(actor);
    const token = getCookie(c, SESSION_COOKIE);
    c.header('cache-control', 'no-store');
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, async (stream) => {
      let seq = 0;
      const queue: WorkEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = deps.bus.subscribe((e) => {
        queue.push(e);
        wake?.();
      });
      let open = true;
      const end = () => {
        open = false;
        wake?.();
      };
      const check = () =>
        void findSession(deps.db, token).then((s) => {
          if (!s) end();
        });
      stream.onAbort(end);
      // Logout, "log out everywhere", a password or role change: the stream ends on the announcement,
      // heard from whichever process made it, so no event reaches a signed-out browser.
      const stopWatching = opts.sessions?.watch(actor, { ended: end, unsure: check });
      const recheck = setInterval(check, opts.recheckMs ?? RECHECK_MS);
      streams?.inc();
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ role: actor.role }), retry: 2000 });
        while (open) {
          const e = queue.shift();
          if (!e) {
            await new Promise<void>((r) => {
              wake = r;
              setTimeout(r, HEARTBEAT_MS);
            });
            wake = undefined;
            if (open && !queue.length) await stream.write(': keep-alive\n\n');
            continue;
          }
          const d = deliveryFor(scope, e);
          // A changed task carries the moves this viewer may make, as the task read does.
          const data = d?.event === 'task.changed' && e.type === 'task.changed' ? presentTask(actor, e.task) : d?.data;
          if (d) await stream.writeSSE({ id: String(++seq), event: d.event, data: JSON.stringify(data) });
        }
      } finally {
        streams?.dec();
        clearInterval(recheck);
        stopWatching?.();
        unsubscribe();
      }
    });
  });
}
