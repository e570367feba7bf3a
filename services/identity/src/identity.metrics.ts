import type { Database } from '@coppertone/db';
import type { Metrics } from '@coppertone/observability';
import { type Kysely, sql } from 'kysely';

/** Accounts made so far, read from the database at scrape time (right across replicas and restarts). */
export function adoptIdentityMetrics(metrics: Metrics, db: Kysely<Database>): void {
  metrics.adopt([metrics.usersRegistered], async () => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from users`.execute(db);
    metrics.usersRegistered.reset();
    metrics.usersRegistered.inc(Number(rows[0]?.n ?? 0));
  });
}
