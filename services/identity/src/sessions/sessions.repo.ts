import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';

/** Deletes every rate-limit counter whose key starts with the prefix (one account's per-address pairs). */
export async function clearRateLimitsByPrefix(db: Kysely<Database>, prefix: string): Promise<void> {
  await db.deleteFrom('rate_limits').where(sql<boolean>`starts_with(key, ${prefix})`).execute();
}
