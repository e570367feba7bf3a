import type { SessionUser } from '@coppertone/auth';
import type { Provider } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import { sql } from 'kysely';
import type { BillingDeps } from '../context.ts';
import { PAYABLE_STATUSES } from '../invoices/invoices.repo.ts';
import { applySettlement } from './settle.ts';

/**
 * Starts a payment of what is still due — never an amount the client picks — with one provider.
 * The attempt is stored first; its id is the idempotency key, so a retried call cannot open two
 * checkouts at the provider.
 */
export async function startCheckout(
  deps: BillingDeps,
  actor: SessionUser,
  invoiceId: string,
  providerName: Provider,
): Promise<{ attemptId: string; url: string; testMode: boolean }> {
  const provider = deps.providers[providerName];
  if (!provider) throw new AppError('unavailable', `Paying with ${providerName} is not set up.`);
  const attempt = await deps.db.transaction().execute(async (trx) => {
    const invoice = await trx
      .selectFrom('invoices')
      .selectAll()
      .where('id', '=', invoiceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!PAYABLE_STATUSES.includes(invoice.status)) {
      throw new AppError(
        'conflict',
        invoice.status === 'paid' ? 'This invoice is already paid.' : `A ${invoice.status} invoice cannot be paid.`,
      );
    }
    const due = BigInt(invoice.total) - BigInt(invoice.amount_paid);
    if (due <= 0n) throw new AppError('conflict', 'Nothing is due on this invoice.');
    const row = await trx
      .insertInto('payment_attempts')
      .values({
        invoice_id: invoiceId,
        provider: providerName,
        amount: due,
        currency: invoice.currency,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, amount: due, currency: invoice.currency, number: invoice.number ?? invoiceId };
  });
  const email = (await deps.db.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirst())
    ?.email;
  const back = `${deps.publicUrl}/portal/invoices/${invoiceId}`;
  try {
    const checkout = await provider.createCheckout({
      attemptId: attempt.id,
      invoiceId,
      invoiceNumber: attempt.number,
      amount: attempt.amount,
      currency: attempt.currency,
      email,
      returnUrl: `${back}?attempt=${attempt.id}`,
      cancelUrl: back,
    });
    await deps.db
      .updateTable('payment_attempts')
      .set({
        provider_ref: checkout.ref,
        checkout_url: checkout.url,
        expires_at: checkout.expiresAt ?? null,
        updated_at: sql`now()`,
      })
      .where('id', '=', attempt.id)
      .execute();
    return { attemptId: attempt.id, url: checkout.url, testMode: provider.testMode };
  } catch (cause) {
    await deps.db
      .updateTable('payment_attempts')
      .set({ status: 'failed', updated_at: sql`now()` })
      .where('id', '=', attempt.id)
      .execute();
    throw new AppError(
      'unavailable',
      `${providerName === 'stripe' ? 'Stripe' : 'BTCPay'} did not answer; nothing was charged. Try again shortly.`,
      { cause },
    );
  }
}

const FINAL = ['paid', 'overpaid', 'failed', 'expired', 'mismatch'];

/**
 * Asks the provider about one attempt and records what it says — the return page calls this, so
 * a customer back from the checkout sees the truth even before the webhook lands.
 */
export async function refreshAttempt(deps: BillingDeps, attemptId: string, source: 'return' | 'reconciler') {
  const attempt = await deps.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('id', '=', attemptId)
    .executeTakeFirst();
  if (!attempt?.provider_ref || FINAL.includes(attempt.status)) return attempt?.status;
  const provider = deps.providers[attempt.provider];
  if (!provider) return attempt.status;
  const state = await provider.fetchState(attempt.provider_ref);
  return deps.db.transaction().execute((trx) => applySettlement(trx, attemptId, state, { source }));
}
