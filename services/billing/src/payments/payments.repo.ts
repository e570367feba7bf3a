import type { AttemptStatus, Database, InvoiceStatus } from '@coppertone/db';
import { type Insertable, type Kysely, sql } from 'kysely';

/** One page of recorded payments (and refunds given back), newest first, with their invoice's number. */
export async function listPayments(db: Kysely<Database>, page: { page: number; pageSize: number }) {
  const rows = await db
    .selectFrom('payments as p')
    .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
    .select([
      'p.id',
      'p.invoice_id as invoiceId',
      'i.number',
      'p.provider',
      'p.amount',
      'p.currency',
      'p.kind',
      'p.source',
      'p.recorded_at as recordedAt',
    ])
    .orderBy('p.recorded_at', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** The invoice a receipt is about, with its company's name. */
export const receiptInvoice = (db: Kysely<Database>, invoiceId: string) =>
  db
    .selectFrom('invoices as i')
    .innerJoin('companies as c', 'c.id', 'i.company_id')
    .select(['i.id', 'i.number', 'i.total', 'i.amount_paid', 'i.company_id', 'c.name as companyName'])
    .where('i.id', '=', invoiceId)
    .executeTakeFirstOrThrow();

/** A company's confirmed client contacts who get receipts. */
export const receiptRecipients = (db: Kysely<Database>, companyId: string) =>
  db
    .selectFrom('users')
    .select(['email', 'name'])
    .where('company_id', '=', companyId)
    .where('role', '=', 'client')
    .where('email_confirmed_at', 'is not', null)
    // Not to someone who turned receipts off on their account page.
    .where(sql<boolean>`not ('receipt' = any(muted_notifications))`)
    .execute();

/** Staff and admins who get the "payment received" notice. */
export const paymentNoticeRecipients = (db: Kysely<Database>) =>
  db
    .selectFrom('users')
    .select('email')
    .where('role', 'in', ['staff', 'admin'])
    .where(sql<boolean>`not ('payment_received' = any(muted_notifications))`)
    .execute();

/**
 * Checkouts still open, processing or partial `afterSeconds` after they began, not asked about in
 * the last 5 seconds: the oldest 100, of one provider or all.
 */
export const attemptsToReconcile = (db: Kysely<Database>, afterSeconds: number, provider?: 'stripe' | 'btcpay') =>
  db
    .selectFrom('payment_attempts')
    .select(['id', 'status'])
    .where('status', 'in', ['open', 'processing', 'partial'])
    .where('provider_ref', 'is not', null)
    .where('created_at', '<', sql<Date>`now() - ${`${afterSeconds} seconds`}::interval`)
    .where((eb) =>
      eb.or([eb('last_checked_at', 'is', null), eb('last_checked_at', '<', sql<Date>`now() - interval '5 seconds'`)]),
    )
    .$if(!!provider, (q) => q.where('provider', '=', provider as 'stripe'))
    .orderBy('created_at')
    .limit(100)
    .execute();

/**
 * Takes or renews the reconciler's lease for `seconds` unless another holder's is still live.
 * Returns the lease's holder when this call took or renewed it, else undefined.
 */
export async function takeReconcileLease(
  db: Kysely<Database>,
  holder: string,
  seconds: number,
): Promise<string | undefined> {
  const lease = await sql<{ holder: string }>`
        insert into task_leases (name, holder, expires_at)
        values ('billing.reconcile', ${holder}, now() + ${`${seconds} seconds`}::interval)
        on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
          where task_leases.expires_at < now() or task_leases.holder = excluded.holder
        returning holder`.execute(db);
  return lease.rows[0]?.holder;
}

/** Locks the invoice a refund is for (FOR UPDATE: refunds of one invoice are taken one at a time). */
export const lockInvoiceForRefund = (db: Kysely<Database>, invoiceId: string) =>
  db.selectFrom('invoices').select(['id', 'number']).where('id', '=', invoiceId).forUpdate().executeTakeFirst();

/** A payment of this invoice, with the reference of the checkout it came by. */
export const findInvoicePayment = (db: Kysely<Database>, invoiceId: string, paymentId: string) =>
  db
    .selectFrom('payments as p')
    .innerJoin('payment_attempts as a', 'a.id', 'p.attempt_id')
    .select(['p.id', 'p.provider', 'p.amount', 'p.currency', 'a.provider_ref'])
    .where('p.id', '=', paymentId)
    .where('p.invoice_id', '=', invoiceId)
    .executeTakeFirst();

/** How much of a payment is given back or being given back (pending counts; failed does not). */
export async function refundedOf(db: Kysely<Database>, paymentId: string): Promise<string> {
  const { refunded } = await db
    .selectFrom('refunds')
    .select(sql<string>`coalesce(sum(amount), 0)`.as('refunded'))
    .where('payment_id', '=', paymentId)
    .where('status', '<>', 'failed')
    .executeTakeFirstOrThrow();
  return refunded;
}

/** Records a refund (pending until the provider answers). */
export const insertRefund = (db: Kysely<Database>, refund: Insertable<Database['refunds']>) =>
  db.insertInto('refunds').values(refund).returning('id').executeTakeFirstOrThrow();

/** Records the provider's answer to a refund. */
export async function updateRefund(
  db: Kysely<Database>,
  refundId: string,
  set: { status: 'pending' | 'succeeded' | 'failed'; provider_ref?: string; claim_url?: string | null },
): Promise<void> {
  await db
    .updateTable('refunds')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', refundId)
    .execute();
}

/** Locks a checkout (FOR UPDATE) for recording its settlement. */
export const lockAttempt = (db: Kysely<Database>, attemptId: string) =>
  db.selectFrom('payment_attempts').selectAll().where('id', '=', attemptId).forUpdate().executeTakeFirstOrThrow();

/** Sets a checkout's status and when the provider was last asked. */
export async function setAttemptStatus(db: Kysely<Database>, attemptId: string, status: AttemptStatus): Promise<void> {
  await db
    .updateTable('payment_attempts')
    .set({ status, last_checked_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', attemptId)
    .execute();
}

/**
 * Records a checkout's payment (one per checkout), set to the provider's figure: a row that changed
 * is updated, one that did not is left alone. Returns whether this call inserted it.
 */
export const recordPayment = (db: Kysely<Database>, payment: Insertable<Database['payments']>) =>
  db
    .insertInto('payments')
    .values(payment)
    .onConflict((oc) =>
      oc
        .column('attempt_id')
        .doUpdateSet({
          amount: (eb) => eb.ref('excluded.amount'),
          kind: (eb) => eb.ref('excluded.kind'),
          updated_at: sql`now()`,
        })
        .where((eb) =>
          eb.or([
            eb('payments.amount', '<>', eb.ref('excluded.amount')),
            eb('payments.kind', '<>', eb.ref('excluded.kind')),
          ]),
        ),
    )
    // xmax is 0 on a row this statement inserted, not on one it updated: a receipt per new payment.
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirst();

/** Locks an invoice (FOR UPDATE) and reads its status. */
export const lockInvoiceStatus = (db: Kysely<Database>, invoiceId: string) =>
  db.selectFrom('invoices').select('status').where('id', '=', invoiceId).forUpdate().executeTakeFirstOrThrow();

/**
 * amount_paid = the invoice's payments less its refunds (all but failed ones); status follows,
 * except for a void or draft invoice. Returns the updated row, or undefined when nothing changed.
 */
export async function recomputeInvoicePaid(db: Kysely<Database>, invoiceId: string) {
  const updated = await sql<{
    status: InvoiceStatus;
    number: string | null;
    total: string;
    paid: string;
    currency: string;
  }>`
    with p as (
      select (select coalesce(sum(amount), 0) from payments where invoice_id = ${invoiceId})
           - (select coalesce(sum(amount), 0) from refunds where invoice_id = ${invoiceId} and status <> 'failed')
        as paid),
    n as (
      select i.id, p.paid, case
        when i.status in ('void', 'draft') then i.status
        when p.paid > i.total then 'overpaid'
        when p.paid = i.total then 'paid'
        when p.paid > 0 then 'partially_paid'
        else 'sent' end as status
      from invoices i, p where i.id = ${invoiceId})
    update invoices i set amount_paid = n.paid, status = n.status, version = i.version + 1, updated_at = now()
    from n where i.id = n.id and (i.amount_paid <> n.paid or i.status <> n.status)
    returning i.status, i.number, i.total, i.amount_paid as paid, i.currency`.execute(db);
  return updated.rows[0];
}

/** Everyone on staff (staff and admins), for notices about money. */
export const staffEmails = (db: Kysely<Database>) =>
  db.selectFrom('users').select('email').where('role', 'in', ['staff', 'admin']).execute();

/** Locks an invoice (FOR UPDATE) to start a checkout: concurrent starts of one invoice go one at a time. */
export const lockInvoice = (db: Kysely<Database>, invoiceId: string) =>
  db.selectFrom('invoices').selectAll().where('id', '=', invoiceId).forUpdate().executeTakeFirstOrThrow();

/** A checkout of the invoice in one of these statuses, if any. */
export const findLiveAttempt = (db: Kysely<Database>, invoiceId: string, statuses: AttemptStatus[]) =>
  db
    .selectFrom('payment_attempts')
    .select('id')
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', statuses)
    .executeTakeFirst();

/** Stores a checkout before the provider is asked (its id is the idempotency key). */
export const insertAttempt = (db: Kysely<Database>, attempt: Insertable<Database['payment_attempts']>) =>
  db.insertInto('payment_attempts').values(attempt).returning('id').executeTakeFirstOrThrow();

/** A person's e-mail address, for the provider's checkout page. */
export const userEmail = async (db: Kysely<Database>, userId: string) =>
  (await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst())?.email;

/** Stores the provider's answer to a new checkout. */
export async function storeCheckout(
  db: Kysely<Database>,
  attemptId: string,
  checkout: { provider_ref: string; checkout_url: string; expires_at: Date | null },
): Promise<void> {
  await db
    .updateTable('payment_attempts')
    .set({
      ...checkout,
      updated_at: sql`now()`,
    })
    .where('id', '=', attemptId)
    .execute();
}

/** Marks a checkout failed. */
export async function failAttempt(db: Kysely<Database>, attemptId: string): Promise<void> {
  await db
    .updateTable('payment_attempts')
    .set({ status: 'failed', updated_at: sql`now()` })
    .where('id', '=', attemptId)
    .execute();
}

/** Marks failed a checkout the provider never answered for (no reference stored). */
export async function failUnopenedAttempt(db: Kysely<Database>, attemptId: string): Promise<void> {
  await db
    .updateTable('payment_attempts')
    .set({ status: 'failed', updated_at: sql`now()` })
    .where('id', '=', attemptId)
    .where('provider_ref', 'is', null)
    .execute();
}

/** An invoice's checkouts in these statuses, but the one excepted. */
export const liveAttempts = (db: Kysely<Database>, invoiceId: string, statuses: AttemptStatus[], except?: string) =>
  db
    .selectFrom('payment_attempts')
    .select(['id', 'provider', 'provider_ref', 'created_at'])
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', statuses)
    .$if(!!except, (q) => q.where('id', '<>', except as string))
    .execute();

/** An invoice's status. */
export const invoiceStatus = (db: Kysely<Database>, invoiceId: string) =>
  db.selectFrom('invoices').select('status').where('id', '=', invoiceId).executeTakeFirst();

/** A checkout with its invoice's status. */
export const attemptWithInvoiceStatus = (db: Kysely<Database>, attemptId: string) =>
  db
    .selectFrom('payment_attempts as a')
    .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select(['a.id', 'a.status', 'a.provider', 'a.provider_ref', 'a.invoice_id', 'i.status as invoiceStatus'])
    .where('a.id', '=', attemptId)
    .executeTakeFirst();

/** The provider's reference of a checkout (the stand-in's session a demo pays). */
export const attemptProviderRef = (db: Kysely<Database>, attemptId: string) =>
  db.selectFrom('payment_attempts').select('provider_ref').where('id', '=', attemptId).executeTakeFirstOrThrow();

// For the scrape-time metrics (billing.metrics.ts).

/** Checkouts still open or processing, per provider (a provider with none counts 0). */
export async function checkoutsAwaitingByProvider(db: Kysely<Database>) {
  const { rows } = await sql<{ provider: string; n: string }>`
      select p.provider, count(a.id) as n
      from (values ('stripe'), ('btcpay')) as p(provider)
      left join payment_attempts a on a.provider = p.provider and a.status in ('open', 'processing')
      group by p.provider`.execute(db);
  return rows;
}

/** Overpaid invoices with no refund pending, and the age in seconds of the oldest one's last payment. */
export async function overpaidAwaitingRefund(db: Kysely<Database>) {
  const { rows } = await sql<{ n: string; age: string | null }>`
      select count(*) as n, extract(epoch from now() - min(paid_at)) as age
      from (
        select i.id, max(p.recorded_at) as paid_at
        from invoices i join payments p on p.invoice_id = i.id
        where i.status = 'overpaid'
          and not exists (select 1 from refunds r where r.invoice_id = i.id and r.status = 'pending')
        group by i.id
      ) waiting`.execute(db);
  return rows[0];
}

/** Payments ever recorded, counted and summed per provider and currency. */
export async function paymentTotals(db: Kysely<Database>) {
  const { rows } = await sql<{ provider: string; currency: string; n: string; minor: string }>`
      select provider, currency, count(*) as n, sum(amount) as minor from payments group by provider, currency`.execute(
    db,
  );
  return rows;
}
