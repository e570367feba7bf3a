import { randomUUID } from 'node:crypto';
import type { Logger } from '@coppertone/observability';
import type { BillingDeps } from '../context.ts';
import { pruneWebhookFailures } from '../webhooks/webhooks.repo.ts';
import { refreshAttempt } from './checkout.ts';
import { attemptsToReconcile, takeReconcileLease } from './payments.repo.ts';

/**
 * Finds checkouts still open or processing past `reconcileAfterSeconds` and asks the provider
 * about each, so a webhook that never arrives delays a payment record but never loses it.
 */
export async function reconcileOnce(
  deps: BillingDeps,
  log: Logger,
  provider?: 'stripe' | 'btcpay',
): Promise<{ checked: number; changed: number }> {
  const due = await attemptsToReconcile(deps.db, deps.reconcileAfterSeconds, provider);
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
      if ((await takeReconcileLease(deps.db, holder, Math.max(30, intervalSeconds * 3))) === holder) {
        await reconcileOnce(deps, log);
        // Failure counters are for the health panel's recent view; a month is plenty.
        await pruneWebhookFailures(deps.db);
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
