import { randomUUID } from 'node:crypto';
import type { Database } from '@coppertone/db';
import { type RateLimitRule, rateLimitHits, rateLimitKey } from '@coppertone/http';
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

export interface MessageToStore {
  message: NewContactMessage;
  /** False for a filled honeypot: counted against the limit, never stored. */
  keep: boolean;
}

/**
 * Counts each sender's hit against `rule` and inserts each message that is within the limit and meant
 * to be kept: one statement for the whole batch (one round trip, one commit), all or nothing. Hits of
 * one address in one batch count in the order given, as if sent one after another. Each new row is also
 * the staff notification's outbox entry (`notified_at` empty). Answers one outcome per item, in order.
 */
export async function storeMessagesWithinLimit(
  db: Kysely<Database>,
  rule: RateLimitRule,
  items: MessageToStore[],
): Promise<StoreOutcome[]> {
  if (!items.length) return [];
  const col = <T>(f: (m: MessageToStore) => T) => items.map(f);
  const result = await sql<{ ord: number; hits_at: number; retry_after: number; id: string | null }>`
    with input as (
      select * from unnest(
        ${items.map((_, i) => i)}::int[], ${col((m) => rateLimitKey(rule, m.message.remoteAddress))}::text[],
        ${col(() => randomUUID())}::uuid[], ${col((m) => m.keep)}::boolean[],
        ${col((m) => m.message.name)}::text[], ${col((m) => m.message.email)}::text[],
        ${col((m) => m.message.company ?? null)}::text[], ${col((m) => m.message.message)}::text[],
        ${col((m) => m.message.remoteAddress)}::text[], ${col((m) => m.message.userAgent?.slice(0, 500) ?? null)}::text[]
      ) as t(ord, key, id, keep, name, email, company, message, remote_address, user_agent)
    ),
    per_key as (select key, count(*)::int as n from input group by key),
    hit as (${rateLimitHits(rule, sql`select key, now(), n from per_key`)}),
    ranked as (
      select input.*, hit.retry_after,
        (hit.hits - per_key.n + row_number() over (partition by input.key order by input.ord))::int as hits_at
      from input join per_key using (key) join hit using (key)
    ),
    stored as (
      insert into contact_messages (id, name, email, company, message, remote_address, user_agent)
      select id, name, email, company, message, remote_address, user_agent from ranked
      where hits_at <= ${rule.limit} and keep
      order by ord
      returning id
    )
    select ranked.ord, ranked.hits_at, ranked.retry_after, stored.id
    from ranked left join stored using (id)
    order by ranked.ord`.execute(db);
  if (result.rows.length !== items.length) {
    throw new Error(`storing ${items.length} messages answered ${result.rows.length} rows`);
  }
  return result.rows.map((row) =>
    row.hits_at > rule.limit ? { limited: true, retryAfter: row.retry_after } : { limited: false, id: row.id },
  );
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

/** The outbox at a glance: how many messages wait for their staff e-mail, and the oldest one's age in seconds. */
export async function outboxBacklog(db: Kysely<Database>): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const { rows } = await sql<{ n: string; age: string | null }>`
    select count(*) as n, extract(epoch from now() - min(created_at)) as age
    from contact_messages where notified_at is null`.execute(db);
  return { pending: Number(rows[0]?.n ?? 0), oldestAgeSeconds: Math.max(0, Number(rows[0]?.age ?? 0)) };
}
