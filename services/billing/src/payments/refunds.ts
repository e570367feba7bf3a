import type { SessionUser } from '@coppertone/auth';
import { AppError, announceChange } from '@coppertone/http';
import type { Logger } from '@coppertone/observability';
import { BILLING_CHANGES_CHANNEL, type BillingDeps } from '../context.ts';
import { toDecimalString } from '../invoices/money.ts';
import { RefusedError } from '../providers/provider.ts';
import { findInvoicePayment, insertRefund, lockInvoiceForRefund, refundedOf, updateRefund } from './payments.repo.ts';
import { refreshInvoice } from './settle.ts';

/**
 * Gives back part or all of one payment through the provider it came by: card money with Stripe's
 * Refunds API, Bitcoin with a BTCPay refund (a pull payment the client claims; staff approve the
 * payout in BTCPay). The refund is stored as `pending` before the provider is asked — its id is the
 * idempotency key, and a pending refund already counts against the payment, so two staff clicking
 * at once cannot give the same money back twice. The invoice's paid amount is payments less refunds.
 */
export async function refundPayment(
  deps: BillingDeps,
  actor: SessionUser,
  log: Logger,
  input: { invoiceId: string; paymentId: string; amount: number; note: string },
) {
  const refund = await deps.db.transaction().execute(async (trx) => {
    const invoice = await lockInvoiceForRefund(trx, input.invoiceId);
    if (!invoice) throw new AppError('not_found', 'No such invoice.');
    const payment = await findInvoicePayment(trx, input.invoiceId, input.paymentId);
    if (!payment?.provider_ref)
      throw new AppError('validation_failed', 'Choose a payment of this invoice.', {
        fields: { paymentId: 'Not a payment of this invoice' },
      });
    const refunded = await refundedOf(trx, payment.id);
    const left = BigInt(payment.amount) - BigInt(refunded);
    const amount = BigInt(input.amount);
    if (amount > left)
      throw new AppError(
        'validation_failed',
        `At most ${toDecimalString(left, payment.currency)} ${payment.currency} of this payment can be refunded.`,
        { fields: { amount: 'More than is left of this payment' } },
      );
    const row = await insertRefund(trx, {
      invoice_id: input.invoiceId,
      payment_id: payment.id,
      provider: payment.provider,
      amount,
      currency: payment.currency,
      note: input.note,
      created_by: actor.userId,
    });
    await refreshInvoice(deps, trx, input.invoiceId);
    await announceChange(trx, BILLING_CHANGES_CHANNEL);
    return {
      id: row.id,
      provider: payment.provider,
      checkoutRef: payment.provider_ref,
      amount,
      currency: payment.currency,
      number: invoice.number ?? input.invoiceId,
    };
  });

  const provider = deps.providers[refund.provider];
  try {
    if (!provider) throw new RefusedError(`${refund.provider} is not set up.`);
    const done = await provider.refund({
      refundId: refund.id,
      checkoutRef: refund.checkoutRef,
      invoiceNumber: refund.number,
      amount: refund.amount,
      currency: refund.currency,
      note: input.note,
    });
    await finish(deps, refund.id, input.invoiceId, {
      status: done.status,
      provider_ref: done.ref,
      claim_url: done.claimUrl ?? null,
    });
    return { id: refund.id, status: done.status, claimUrl: done.claimUrl ?? null };
  } catch (err) {
    if (err instanceof RefusedError) {
      await finish(deps, refund.id, input.invoiceId, { status: 'failed' });
      throw new AppError('conflict', `The refund was refused: ${err.message}`);
    }
    // No answer: the refund may have gone through. It stays pending (and counted), never
    // silently dropped; staff check it at the provider.
    log.error({ err, refundId: refund.id }, 'refund: provider did not answer; left pending');
    throw new AppError(
      'unavailable',
      'The payment provider did not answer. The refund is recorded as pending; check it at the provider before trying again.',
      { cause: err },
    );
  }
}

async function finish(
  deps: BillingDeps,
  refundId: string,
  invoiceId: string,
  set: { status: 'pending' | 'succeeded' | 'failed'; provider_ref?: string; claim_url?: string | null },
) {
  await deps.db.transaction().execute(async (trx) => {
    await updateRefund(trx, refundId, set);
    await refreshInvoice(deps, trx, invoiceId);
    await announceChange(trx, BILLING_CHANGES_CHANNEL);
  });
}
