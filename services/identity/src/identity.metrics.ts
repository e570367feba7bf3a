import type { Database } from '@coppertone/db';
import type { Metrics } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { countUsers } from './accounts/accounts.repo.ts';

/** Accounts made so far, read from the database at scrape time (right across replicas and restarts). */
export function adoptIdentityMetrics(metrics: Metrics, db: Kysely<Database>): void {
  metrics.adopt([metrics.usersRegistered], async () => {
    const n = await countUsers(db);
    metrics.usersRegistered.reset();
    metrics.usersRegistered.inc(n);
  });
}
