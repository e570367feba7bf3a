import { findSession, requireAuth, SESSION_COOKIE } from '@coppertone/auth';
import type { FunctionApp } from '@coppertone/http';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { WorkDeps } from '../context.ts';
import { authorize, scopeFor } from '../policy.ts';
import { deliveryFor } from './events.filter.ts';
import type { WorkEvent } from './events.types.ts';

const HEARTBEAT_MS = 15_000;
/** A long-lived stream re-checks its session this often, so signing out ends it too. */
const RECHECK_MS = 30_000;

export function registerEventRoutes(app: FunctionApp, deps: WorkDeps, opts: { recheckMs?: number } = {}): void {
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
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      const recheck = setInterval(() => {
        void findSession(deps.db, token).then((s) => {
          if (!s) {
            open = false;
            wake?.();
          }
        });
      }, opts.recheckMs ?? RECHECK_MS);
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
          if (d) await stream.writeSSE({ id: String(++seq), event: d.event, data: JSON.stringify(d.data) });
        }
      } finally {
        clearInterval(recheck);
        unsubscribe();
      }
    });
  });
}
