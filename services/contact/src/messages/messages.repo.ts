import type { Database } from '@coppertone/db';
import { type RateLimitRule, rateLimitHit } from '@coppertone/http';
import { type Kysely, sql } from 'kysely';

export interface NewContactMessage {
  name: string;
  email: string;
  company?: string;
  message: string;
  remoteAddress: string;
  userAgent?: string;
}

export type StoreOutcome =
  | { limited: true; retryAfter: number }
  /** `id` is null when the message was counted but not meant to be kept (`keep: false`). */
  | { limited: false; id: string | null };

/**
 * Counts the sender's hit against `rule` and, only when it is within the limit and `keep` is set,
 * inserts the message: one statement, so a request costs one round trip and one commit. The new row
 * is also the staff notification's outbox entry (`notified_at` empty).
 */
export async function storeMessageWithinLimit(
  db: Kysely<Database>,
  rule: RateLimitRule,
  m: NewContactMessage,
  opts: { keep: boolean },
): Promise<StoreOutcome> {
  const result = await sql<{ hits: number; retry_after: number; id: string | null }>`
    with hit as (${rateLimitHit(rule, m.remoteAddress)}),
    stored as (
      insert into contact_messages (name, email, company, message, remote_address, user_agent)
      select ${m.name}, ${m.email}, ${m.company ?? null}, ${m.message}, ${m.remoteAddress}, ${m.userAgent?.slice(0, 500) ?? null}
      from hit where hit.hits <= ${rule.limit} and ${opts.keep}::boolean
      returning id
    )
    select hit.hits, hit.retry_after, (select id from stored) as id from hit`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('the rate-limit upsert returned no row');
  if (row.hits > rule.limit) return { limited: true, retryAfter: row.retry_after };
  return { limited: false, id: row.id };
}

export async function findMessage(db: Kysely<Database>, id: string) {
  return db.selectFrom('contact_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ClaimedMessage {
  id: string;
  name: string;
  email: string;
  company: string | null;
  message: string;
  created_at: Date;
  notify_attempts: number;
}

/**
 * Takes up to `limit` messages staff have not been told about and no other worker holds, and holds them
 * for `leaseSeconds`. SKIP LOCKED keeps concurrent workers on disjoint rows without waiting; the lease
 * (not an open transaction) is what keeps them off while the e-mail is sent, so no lock is held during SMTP.
 */
export async function claimUnnotified(
  db: Kysely<Database>,
  opts: { limit: number; leaseSeconds: number },
): Promise<ClaimedMessage[]> {
  const result = await sql<ClaimedMessage>`
    update contact_messages
    set notify_lease_until = now() + ${`${opts.leaseSeconds} seconds`}::interval,
        notify_attempts = notify_attempts + 1
    where id in (
      select id from contact_messages
      where notified_at is null and (notify_lease_until is null or notify_lease_until <= now())
      order by created_at
      limit ${opts.limit}
      for update skip locked
    )
    returning id, name, email, company, message, created_at, notify_attempts`.execute(db);
  return result.rows;
}

/** Marks messages as e-mailed to staff: they leave the outbox. */
export async function markNotified(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('contact_messages')
    .set({ notified_at: sql`now()`, notify_lease_until: null })
    .where('id', 'in', ids)
    .execute();
}

/** Puts failed messages back, to be tried again after a backoff that doubles per attempt (30 s … 1 h). */
export async function releaseForRetry(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('contact_messages')
    .set({
      notify_lease_until: sql`now() + least(30 * power(2, notify_attempts - 1), 3600) * interval '1 second'`,
    })
    .where('id', 'in', ids)
    .where('notified_at', 'is', null)
    .execute();
}
