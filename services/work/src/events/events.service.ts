import { findSession, type SessionCache, type SessionUser } from '@coppertone/auth';
import type { WorkDeps } from '../context.ts';
import { presentTask, scopeFor } from '../policy.ts';
import { deliveryFor } from './events.filter.ts';
import type { WorkEvent } from './events.types.ts';

const HEARTBEAT_MS = 15_000;
/**
 * A long-lived stream re-checks its session this often, so a session that merely expires (idle or
 * absolute limit, which nobody announces) ends it too. A revocation ends it at once (`sessions`).
 */
export const RECHECK_MS = 30_000;

/** Where a follower writes: one event, or a comment that keeps idle proxies from closing the stream. */
export interface EventSink {
  send(e: { id?: string; event: string; data: string; retry?: number }): Promise<void>;
  keepAlive(): Promise<void>;
  onAbort(end: () => void): void;
}

/**
 * Follows work's changes for one signed-in viewer until they leave or their session ends: each event
 * as that viewer may see it (a changed task with the moves they may make), a heartbeat when idle.
 */
export async function followEvents(
  deps: Pick<WorkDeps, 'db' | 'bus'>,
  actor: SessionUser,
  session: { token?: string; sessions?: SessionCache; recheckMs?: number; open?: { inc(): void; dec(): void } },
  sink: EventSink,
): Promise<void> {
  const scope = scopeFor(actor);
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
    void findSession(deps.db, session.token).then((s) => {
      if (!s) end();
    });
  sink.onAbort(end);
  // Logout, "log out everywhere", a password or role change: the stream ends on the announcement,
  // heard from whichever process made it, so no event reaches a signed-out browser.
  const stopWatching = session.sessions?.watch(actor, { ended: end, unsure: check });
  const recheck = setInterval(check, session.recheckMs ?? RECHECK_MS);
  session.open?.inc();
  try {
    await sink.send({ event: 'ready', data: JSON.stringify({ role: actor.role }), retry: 2000 });
    while (open) {
      const e = queue.shift();
      if (!e) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, HEARTBEAT_MS);
        });
        wake = undefined;
        if (open && !queue.length) await sink.keepAlive();
        continue;
      }
      const d = deliveryFor(scope, e);
      if (!d) continue;
      // A changed task carries the moves this viewer may make, as the task read does.
      const data = d.event === 'task.changed' && e.type === 'task.changed' ? presentTask(actor, e.task) : d.data;
      await sink.send({ id: String(++seq), event: d.event, data: JSON.stringify(data) });
    }
  } finally {
    session.open?.dec();
    clearInterval(recheck);
    stopWatching?.();
    unsubscribe();
  }
}
