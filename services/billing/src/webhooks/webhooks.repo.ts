import type { Database, Provider } from '@coppertone/db';
import { type Insertable, type Kysely, sql } from 'kysely';

export type FailureKind = 'signature' | 'provider';

/**
 * Counts a delivery we refused or could not process. One row per provider, kind and minute holds
 * the count and the latest reason, so forged traffic costs an update of one row, not a row each.
 */
export async function recordFailure(db: Kysely<Database>, provider: Provider, kind: FailureKind, reason: string) {
  await sql`
    insert into webhook_failures (provider, kind, reason, window_start, count)
    values (${provider}, ${kind}, ${reason.slice(0, 300)}, date_trunc('minute', now()), 1)
    on conflict (provider, kind, window_start)
      do update set count = webhook_failures.count + 1, reason = excluded.reason, received_at = now()`.execute(db);
}

/** A stored event of this provider with this id, if any. */
export const findProviderEvent = (db: Kysely<Database>, provider: Provider, eventId: string) =>
  db
    .selectFrom('provider_events')
    .select('id')
    .where('provider', '=', provider)
    .where('event_id', '=', eventId)
    .executeTakeFirst();

/** The checkout a provider reference names. */
export const findAttemptByRef = (db: Kysely<Database>, provider: Provider, ref: string) =>
  db
    .selectFrom('payment_attempts')
    .select(['id', 'invoice_id'])
    .where('provider', '=', provider)
    .where('provider_ref', '=', ref)
    .executeTakeFirst();

/** Stores an event once: undefined when this provider's event id is already stored. */
export const storeProviderEvent = (db: Kysely<Database>, event: Insertable<Database['provider_events']>) =>
  db
    .insertInto('provider_events')
    .values(event)
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();

/**
 * One provider's webhook health from our records: its last event and those of the last day,
 * unmatched events, recent failures, checkouts still waiting for it, and invoices it overpaid.
 */
export async function webhookHealth(db: Kysely<Database>, p: Provider) {
  const [events, failures, waiting] = await Promise.all([
    sql<{ last: Date | null; day: string; unmatched: string }>`
      select max(received_at) as last,
             count(*) filter (where received_at > now() - interval '1 day') as day,
             count(*) filter (where outcome = 'unmatched') as unmatched
      from provider_events where provider = ${p}`.execute(db),
    sql<{ day: string; last: Date | null; reason: string | null }>`
      select coalesce(sum(count) filter (where received_at > now() - interval '1 day'), 0) as day,
             max(received_at) as last,
             (select reason from webhook_failures where provider = ${p} order by received_at desc limit 1) as reason
      from webhook_failures where provider = ${p}`.execute(db),
    sql<{ n: string; mismatched: string; overpaid: string }>`
      select count(*) filter (where status in ('open', 'processing')) as n,
             count(*) filter (where status = 'mismatch') as mismatched,
             (select count(distinct i.id) from invoices i join payments pay on pay.invoice_id = i.id
               where i.status = 'overpaid' and pay.provider = ${p}) as overpaid
      from payment_attempts where provider = ${p}`.execute(db),
  ]);
  const e = events.rows[0];
  const f = failures.rows[0];
  const w = waiting.rows[0];
  return {
    lastEventAt: e?.last ?? null,
    events24h: Number(e?.day ?? 0),
    unmatched: Number(e?.unmatched ?? 0),
    failures24h: Number(f?.day ?? 0),
    lastFailureAt: f?.last ?? null,
    lastFailure: f?.reason ?? null,
    awaitingProvider: Number(w?.n ?? 0),
    mismatched: Number(w?.mismatched ?? 0),
    /** Invoices paid beyond their total with money from this provider: a refund is due. */
    overpaid: Number(w?.overpaid ?? 0),
  };
}

/** Failure counters are for the health panel's recent view; a month is plenty. */
export async function pruneWebhookFailures(db: Kysely<Database>): Promise<void> {
  await sql`delete from webhook_failures where received_at < now() - interval '30 days'`.execute(db);
}
