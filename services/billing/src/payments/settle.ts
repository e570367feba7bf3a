import type { AttemptStatus, Database } from '@coppertone/db';
import { announceChange } from '@coppertone/http';
import { type Kysely, sql } from 'kysely';
import { BILLING_CHANGES_CHANNEL } from '../context.ts';
import type { ProviderState } from '../providers/provider.ts';

export type Source = 'webhook' | 'reconciler' | 'return';

/** Once an attempt has settled money, later news (an expiry arriving late) cannot undo it. */
const SETTLED: AttemptStatus[] = ['paid', 'partial', 'overpaid'];

export interface Settlement {
  attemptStatus: AttemptStatus;
  payment?: { amount: bigint; kind: 'full' | 'partial' | 'over' | 'late' };
}

/**
 * Turns the provider's state into what we record. Pure: the same state always gives the same
 * answer, so applying it twice (webhook and reconciler, or a redelivery) changes nothing.
 */
export function settlementFor(
  attempt: { amount: bigint; currency: string; status: AttemptStatus },
  s: ProviderState,
  opts: { failed?: boolean; partialAllowed: boolean },
): Settlement {
  if (s.currency !== attempt.currency || (s.amount !== attempt.amount && s.status !== 'open')) {
    return { attemptStatus: 'mismatch' };
  }
  if (s.status === 'settled' && s.paid > 0n) {
    if (s.late)
      return {
        attemptStatus: s.paid >= attempt.amount ? 'paid' : 'partial',
        payment: { amount: s.paid, kind: 'late' },
      };
    if (s.paid === attempt.amount) return { attemptStatus: 'paid', payment: { amount: s.paid, kind: 'full' } };
    if (!opts.partialAllowed) return { attemptStatus: 'mismatch' };
    return s.paid < attempt.amount
      ? { attemptStatus: 'partial', payment: { amount: s.paid, kind: 'partial' } }
      : { attemptStatus: 'overpaid', payment: { amount: s.paid, kind: 'over' } };
  }
  if (SETTLED.includes(attempt.status)) return { attemptStatus: attempt.status };
  if (s.status === 'processing') return { attemptStatus: opts.failed ? 'failed' : 'processing' };
  if (s.status === 'expired') return { attemptStatus: 'expired' };
  if (s.status === 'failed') return { attemptStatus: 'failed' };
  return { attemptStatus: attempt.status === 'processing' ? 'processing' : 'open' };
}

/**
 * Records an attempt's settlement inside the caller's transaction: the attempt row is locked, the
 * payment row (one per attempt) is set to the provider's figure, and the invoice's paid amount and
 * status are recomputed from all its payments. Returns the attempt status it ended in.
 */
export async function applySettlement(
  trx: Kysely<Database>,
  attemptId: string,
  state: ProviderState,
  opts: { source: Source; failed?: boolean },
): Promise<AttemptStatus> {
  const attempt = await trx
    .selectFrom('payment_attempts')
    .selectAll()
    .where('id', '=', attemptId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const settlement = settlementFor(
    { amount: BigInt(attempt.amount), currency: attempt.currency, status: attempt.status },
    state,
    { failed: opts.failed, partialAllowed: attempt.provider === 'btcpay' },
  );
  await trx
    .updateTable('payment_attempts')
    .set({ status: settlement.attemptStatus, last_checked_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', attemptId)
    .execute();
  if (settlement.payment) {
    await trx
      .insertInto('payments')
      .values({
        attempt_id: attemptId,
        invoice_id: attempt.invoice_id,
        provider: attempt.provider,
        amount: settlement.payment.amount,
        currency: attempt.currency,
        kind: settlement.payment.kind,
        source: opts.source,
      })
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
      .execute();
    await refreshInvoice(trx, attempt.invoice_id);
  }
  // Reached from webhooks, but also from reads (the return page) and the reconciler in the worker.
  if (settlement.payment || settlement.attemptStatus !== attempt.status)
    await announceChange(trx, BILLING_CHANGES_CHANNEL);
  return settlement.attemptStatus;
}

/** amount_paid = the sum of the invoice's payments; status follows, except for a void invoice. */
export async function refreshInvoice(trx: Kysely<Database>, invoiceId: string): Promise<void> {
  await sql`
    with p as (select coalesce(sum(amount), 0) as paid from payments where invoice_id = ${invoiceId}),
    n as (
      select i.id, p.paid, case
        when i.status in ('void', 'draft') then i.status
        when p.paid >= i.total then 'paid'
        when p.paid > 0 then 'partially_paid'
        else 'sent' end as status
      from invoices i, p where i.id = ${invoiceId})
    update invoices i set amount_paid = n.paid, status = n.status, version = i.version + 1, updated_at = now()
    from n where i.id = n.id and (i.amount_paid <> n.paid or i.status <> n.status)`.execute(trx);
}
