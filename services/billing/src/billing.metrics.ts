import type { Database } from '@coppertone/db';
import { type Metrics, setAll } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { invoiceCountsByStatus } from './invoices/invoices.repo.ts';
import { checkoutsAwaitingByProvider, overpaidAwaitingRefund, paymentTotals } from './payments/payments.repo.ts';

/**
 * Billing's scrape-time metrics, one query per family: invoices by status, checkouts waiting for the
 * provider, overpaid invoices nobody has refunded yet, and the payment counters (payments are never
 * deleted, so their count and sum only grow: counters kept by the database, right in every replica
 * and across restarts).
 */
export function adoptBillingMetrics(metrics: Metrics, db: Kysely<Database>): void {
  metrics.adopt([metrics.paymentWebhooks]);
  metrics.adopt([metrics.invoices], async () => {
    const rows = await invoiceCountsByStatus(db);
    setAll(
      metrics.invoices,
      rows.map((r) => [{ status: r.status }, Number(r.n)]),
    );
  });
  metrics.adopt([metrics.checkoutsAwaitingAnswer], async () => {
    const rows = await checkoutsAwaitingByProvider(db);
    setAll(
      metrics.checkoutsAwaitingAnswer,
      rows.map((r) => [{ provider: r.provider }, Number(r.n)]),
    );
  });
  metrics.adopt([metrics.invoicesOverpaidAwaitingRefund, metrics.invoicesOverpaidOldestAge], async () => {
    const waiting = await overpaidAwaitingRefund(db);
    metrics.invoicesOverpaidAwaitingRefund.set(Number(waiting?.n ?? 0));
    metrics.invoicesOverpaidOldestAge.set(Math.max(0, Number(waiting?.age ?? 0)));
  });
  metrics.adopt([metrics.paymentsReceived, metrics.paymentsReceivedMinor], async () => {
    const rows = await paymentTotals(db);
    const byProvider = new Map<string, number>(['stripe', 'btcpay'].map((p) => [p, 0]));
    for (const r of rows) byProvider.set(r.provider, (byProvider.get(r.provider) ?? 0) + Number(r.n));
    setAll(
      metrics.paymentsReceived,
      [...byProvider].map(([provider, n]) => [{ provider }, n]),
    );
    setAll(
      metrics.paymentsReceivedMinor,
      rows.map((r) => [{ provider: r.provider, currency: r.currency }, Number(r.minor)]),
    );
  });
}
