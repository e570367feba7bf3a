import type { Database } from '@coppertone/db';
import type { Metrics } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { outboxBacklog } from './messages/messages.repo.ts';

/** The staff-notification outbox at scrape time: how many messages wait, and since when. */
export function adoptContactMetrics(metrics: Metrics, db: Kysely<Database>): void {
  metrics.adopt([metrics.contactOutboxPending, metrics.contactOutboxOldestAge], async () => {
    const backlog = await outboxBacklog(db);
    metrics.contactOutboxPending.set(backlog.pending);
    metrics.contactOutboxOldestAge.set(backlog.oldestAgeSeconds);
  });
}
