import { randomUUID } from 'node:crypto';
import type { Logger } from '@coppertone/observability';
import { sql } from 'kysely';
import type { BillingDeps } from '../context.ts';
import { refreshAttempt } from './checkout.ts';

/**
 * Finds checkouts still open or processing past `reconcileAfterSeconds` and asks the provider
 * about each, so a webhook that never arrives delays a payment record but never loses it.
 */
export async function reconcileOnce(
  deps: BillingDeps,
  log: Logger,
  provider?: 'stripe' | 'btcpay',
): Promise<{ checked: number; changed: number }> {
  const due = await deps.db
    .selectFrom('payment_attempts')
    .select(['id', 'status'])
    .where('status', 'in', ['open', 'processing', 'partial'])
    .where('provider_ref', 'is not', null)
    .where('created_at', '<', sql<Date>`now() - ${`${deps.reconcileAfterSeconds} seconds`}::interval`)
    .where((eb) =>
      eb.or([eb('last_checked_at', 'is', null), eb('last_checked_at', '<', sql<Date>`now() - interval '5 seconds'`)]),
    )
    .$if(!!provider, (q) => q.where('provider', '=', provider as 'stripe'))
    .orderBy('created_at')
    .limit(100)
    .execute();
  let changed = 0;
  for (const a of due) {
    try {
      const status = await refreshAttempt(deps, a.id, 'reconciler', log);
      if (status !== a.status) {
        changed += 1;
        log.info({ attemptId: a.id, from: a.status, to: status }, 'reconciler updated a checkout');
      }
    } catch (err) {
      log.warn({ err, attemptId: a.id }, 'reconciler could not reach the provider; will retry');
    }
  }
  return { checked: due.length, changed };
}

/**
 * Runs the reconciler every `intervalSeconds` in this process. A lease row lets one instance at a
 * time run a pass (several workers may be up); it expires by itself if its holder dies.
 */
export function startReconciler(deps: BillingDeps, log: Logger, intervalSeconds: number): () => void {
  const holder = randomUUID();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const lease = await sql<{ holder: string }>`
        insert into task_leases (name, holder, expires_at)
        values ('billing.reconcile', ${holder}, now() + ${`${Math.max(30, intervalSeconds * 3)} seconds`}::interval)
        on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
          where task_leases.expires_at < now() or task_leases.holder = excluded.holder
        returning holder`.execute(deps.db);
      if (lease.rows[0]?.holder === holder) {
        await reconcileOnce(deps, log);
        // Failure counters are for the health panel's recent view; a month is plenty.
        await sql`delete from webhook_failures where received_at < now() - interval '30 days'`.execute(deps.db);
      }
    } catch (err) {
      log.warn({ err }, 'reconciler pass failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalSeconds * 1000);
  return () => clearInterval(timer);
}
