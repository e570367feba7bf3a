import type { Database } from '@coppertone/db';
import type { Metrics } from '@coppertone/observability';
import { type Kysely, sql } from 'kysely';

/** The staff-notification outbox at scrape time: how many messages wait, and since when. */
export function adoptContactMetrics(metrics: Metrics, db: Kysely<Database>): void {
  metrics.adopt([metrics.contactOutboxPending, metrics.contactOutboxOldestAge], async () => {
    const { rows } = await sql<{ n: string; age: string | null }>`
      select count(*) as n, extract(epoch from now() - min(created_at)) as age
      from contact_messages where notified_at is null`.execute(db);
    metrics.contactOutboxPending.set(Number(rows[0]?.n ?? 0));
    metrics.contactOutboxOldestAge.set(Math.max(0, Number(rows[0]?.age ?? 0)));
  });
}
