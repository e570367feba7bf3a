import type { AttemptStatus, Database } from '@coppertone/db';
import { announceChange } from '@coppertone/http';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { BILLING_CHANGES_CHANNEL, type BillingDeps } from '../context.ts';
import { toDecimalString } from '../invoices/money.ts';
import type { ProviderState } from '../providers/provider.ts';
import {
  lockAttempt,
  lockInvoiceStatus,
  recomputeInvoicePaid,
  recordPayment,
  setAttemptStatus,
  staffEmails,
} from './payments.repo.ts';
import { mailPaymentReceived } from './receipts.ts';

/** Who recorded a payment: a webhook, the reconciler, the return page, or a new checkout ending an old one. */
export type Source = 'webhook' | 'reconciler' | 'return' | 'checkout';

/** What billing needs to record a settlement: the database and the queue for staff mail. */
export type SettleDeps = Pick<BillingDeps, 'jobs' | 'publicUrl' | 'sendReceipts' | 'seller'>;

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
  deps: SettleDeps,
  trx: Kysely<Database>,
  attemptId: string,
  state: ProviderState,
  opts: { source: Source; failed?: boolean },
): Promise<AttemptStatus> {
  const attempt = await lockAttempt(trx, attemptId);
  const settlement = settlementFor(
    { amount: BigInt(attempt.amount), currency: attempt.currency, status: attempt.status },
    state,
    { failed: opts.failed, partialAllowed: attempt.provider === 'btcpay' },
  );
  await setAttemptStatus(trx, attemptId, settlement.attemptStatus);
  if (settlement.payment) {
    const recorded = await recordPayment(trx, {
      attempt_id: attemptId,
      invoice_id: attempt.invoice_id,
      provider: attempt.provider,
      amount: settlement.payment.amount,
      currency: attempt.currency,
      kind: settlement.payment.kind,
      source: opts.source,
    });
    await refreshInvoice(deps, trx, attempt.invoice_id);
    if (recorded?.inserted && deps.sendReceipts !== false) {
      await mailPaymentReceived(deps, trx, {
        invoiceId: attempt.invoice_id,
        amount: settlement.payment.amount,
        currency: attempt.currency,
        provider: attempt.provider,
      });
    }
  }
  // Reached from webhooks, but also from reads (the return page) and the reconciler in the worker.
  if (settlement.payment || settlement.attemptStatus !== attempt.status)
    await announceChange(trx, BILLING_CHANGES_CHANNEL);
  return settlement.attemptStatus;
}

/**
 * amount_paid = the invoice's payments less its refunds (all but failed ones); status follows,
 * except for a void or draft invoice. Paid beyond the total is `overpaid` — a refund is due — and
 * staff are mailed (in this transaction) the moment an invoice becomes so. Returns the new status.
 */
export async function refreshInvoice(deps: SettleDeps, trx: Kysely<Database>, invoiceId: string) {
  // Locked first, so the sums below are read after any concurrent settlement of the same invoice
  // has committed (each statement of a READ COMMITTED transaction sees what committed before it).
  const before = await lockInvoiceStatus(trx, invoiceId);
  const after = await recomputeInvoicePaid(trx, invoiceId);
  if (after?.status === 'overpaid' && before.status !== 'overpaid')
    await mailStaffOverpaid(deps, trx, invoiceId, after);
  return after?.status ?? before.status;
}

async function mailStaffOverpaid(
  deps: SettleDeps,
  trx: Kysely<Database>,
  invoiceId: string,
  inv: { number: string | null; total: string; paid: string; currency: string },
) {
  const staff = await staffEmails(trx);
  const money = (v: string | bigint) => `${toDecimalString(BigInt(v), inv.currency)} ${inv.currency}`;
  const over = BigInt(inv.paid) - BigInt(inv.total);
  for (const s of staff) {
    await deps.jobs.send(
      SEND_MAIL_JOB,
      {
        to: s.email,
        subject: `Overpaid — refund due: invoice ${inv.number ?? invoiceId} (${money(over)})`,
        text: `Invoice ${inv.number ?? invoiceId} totals ${money(inv.total)} and ${money(inv.paid)} has been paid: ${money(over)} more than due.\n\nRefund the difference from the invoice page: ${deps.publicUrl}/staff/invoices/${invoiceId}\n\n— Coppertone billing`,
      },
      { trx },
    );
  }
}
