import type { Database } from '@coppertone/db';
import { type Metrics, setAll } from '@coppertone/observability';
import { type Kysely, sql } from 'kysely';

/**
 * Billing's scrape-time metrics, one query per family: invoices by status, checkouts waiting for the
 * provider, overpaid invoices nobody has refunded yet, and the payment counters (payments are never
 * deleted, so their count and sum only grow: counters kept by the database, right in every replica
 * and across restarts).
 */
export function adoptBillingMetrics(metrics: Metrics, db: Kysely<Database>): void {
  metrics.adopt([metrics.paymentWebhooks]);
  metrics.adopt([metrics.invoices], async () => {
    const { rows } = await sql<{ status: string; n: string }>`
      select case when status in ('sent', 'partially_paid') and due_on < current_date then 'overdue' else status end as status,
             count(*) as n
      from invoices group by 1`.execute(db);
    setAll(
      metrics.invoices,
      rows.map((r) => [{ status: r.status }, Number(r.n)]),
    );
  });
  metrics.adopt([metrics.checkoutsAwaitingAnswer], async () => {
    const { rows } = await sql<{ provider: string; n: string }>`
      select p.provider, count(a.id) as n
      from (values ('stripe'), ('btcpay')) as p(provider)
      left join payment_attempts a on a.provider = p.provider and a.status in ('open', 'processing')
      group by p.provider`.execute(db);
    setAll(
      metrics.checkoutsAwaitingAnswer,
      rows.map((r) => [{ provider: r.provider }, Number(r.n)]),
    );
  });
  metrics.adopt([metrics.invoicesOverpaidAwaitingRefund, metrics.invoicesOverpaidOldestAge], async () => {
    const { rows } = await sql<{ n: string; age: string | null }>`
      select count(*) as n, extract(epoch from now() - min(paid_at)) as age
      from (
        select i.id, max(p.recorded_at) as paid_at
        from invoices i join payments p on p.invoice_id = i.id
        where i.status = 'overpaid'
          and not exists (select 1 from refunds r where r.invoice_id = i.id and r.status = 'pending')
        group by i.id
      ) waiting`.execute(db);
    metrics.invoicesOverpaidAwaitingRefund.set(Number(rows[0]?.n ?? 0));
    metrics.invoicesOverpaidOldestAge.set(Math.max(0, Number(rows[0]?.age ?? 0)));
  });
  metrics.adopt([metrics.paymentsReceived, metrics.paymentsReceivedMinor], async () => {
    const { rows } = await sql<{ provider: string; currency: string; n: string; minor: string }>`
      select provider, currency, count(*) as n, sum(amount) as minor from payments group by provider, currency`.execute(
      db,
    );
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
