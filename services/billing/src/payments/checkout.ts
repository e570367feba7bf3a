import type { SessionUser } from '@coppertone/auth';
import type { AttemptStatus, Provider } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import type { Logger } from '@coppertone/observability';
import type { BillingDeps } from '../context.ts';
import { PAYABLE_STATUSES } from '../invoices/invoices.repo.ts';
import type { ProviderState } from '../providers/provider.ts';
import {
  attemptWithInvoiceStatus,
  failAttempt,
  failUnopenedAttempt,
  findLiveAttempt,
  insertAttempt,
  invoiceStatus,
  liveAttempts,
  lockInvoice,
  storeCheckout,
  userEmail,
} from './payments.repo.ts';
import { applySettlement, type Source } from './settle.ts';

/** A checkout that can still take money: waiting for the payer, or paid and being confirmed. */
const LIVE: AttemptStatus[] = ['open', 'processing'];
/** How long a checkout may be in the making (our row written, the provider's answer not yet stored). */
const OPENING_MS = 2 * 60_000;
const providerLabel = (p: Provider) => (p === 'stripe' ? 'Stripe' : 'BTCPay');

/**
 * Starts a payment of what is still due — never an amount the client picks — with one provider.
 * Every other checkout of the invoice is ended at its provider first, so at most one can be paid;
 * one that already took money is recorded instead, and counts toward what is due. The attempt is
 * stored before the provider is called; its id is the idempotency key, so a retried call cannot open
 * two checkouts at the provider.
 */
export async function startCheckout(
  deps: BillingDeps,
  actor: SessionUser,
  invoiceId: string,
  providerName: Provider,
): Promise<{ attemptId: string; url: string; testMode: boolean }> {
  const provider = deps.providers[providerName];
  if (!provider) throw new AppError('unavailable', `Paying with ${providerName} is not set up.`);
  let attempt: { id: string; amount: bigint; currency: string; number: string } | undefined;
  // Another request may open a checkout between ending the others and our insert; then end it too.
  for (let round = 0; !attempt; round++) {
    if (round === 3) throw new AppError('conflict', 'Another payment of this invoice is being started. Try again.');
    await endLiveCheckouts(deps, invoiceId, { strict: true });
    attempt = await deps.db.transaction().execute(async (trx) => {
      const invoice = await lockInvoice(trx, invoiceId);
      if (!PAYABLE_STATUSES.includes(invoice.status)) {
        throw new AppError(
          'conflict',
          invoice.status === 'paid' || invoice.status === 'overpaid'
            ? 'This invoice is already paid.'
            : `A ${invoice.status} invoice cannot be paid.`,
        );
      }
      const due = BigInt(invoice.total) - BigInt(invoice.amount_paid);
      if (due <= 0n) throw new AppError('conflict', 'Nothing is due on this invoice.');
      // The invoice row lock orders concurrent starts: a live one here was opened after our sweep.
      const live = await findLiveAttempt(trx, invoiceId, LIVE);
      if (live) return undefined;
      const row = await insertAttempt(trx, {
        invoice_id: invoiceId,
        provider: providerName,
        amount: due,
        currency: invoice.currency,
        created_by: actor.userId,
      });
      return { id: row.id, amount: due, currency: invoice.currency, number: invoice.number ?? invoiceId };
    });
  }
  const email = await userEmail(deps.db, actor.userId);
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
    await storeCheckout(deps.db, attempt.id, {
      provider_ref: checkout.ref,
      checkout_url: checkout.url,
      expires_at: checkout.expiresAt ?? null,
    });
    return { attemptId: attempt.id, url: checkout.url, testMode: provider.testMode };
  } catch (cause) {
    await failAttempt(deps.db, attempt.id);
    throw new AppError(
      'unavailable',
      `${providerLabel(providerName)} did not answer; nothing was charged. Try again shortly.`,
      { cause },
    );
  }
}

type LiveAttempt = { id: string; provider: Provider; provider_ref: string | null; created_at: Date };

/**
 * Ends every live checkout of an invoice at its provider and records what each one says.
 * `strict` (a new checkout is about to open): anything that could still take money stops it —
 * a payment being confirmed, a checkout being opened, a provider that did not answer. Otherwise
 * (the invoice was paid) failures are left to the reconciler, which ends them on its next pass.
 */
export async function endLiveCheckouts(
  deps: BillingDeps,
  invoiceId: string,
  opts: { strict: boolean; except?: string; log?: Logger },
): Promise<void> {
  const live = await liveAttempts(deps.db, invoiceId, LIVE, opts.except);
  for (const a of live) {
    try {
      await endAttempt(deps, a);
    } catch (err) {
      if (opts.strict) throw err;
      opts.log?.warn({ err, attemptId: a.id }, 'could not end a checkout of a paid invoice; the reconciler will');
    }
  }
}

async function endAttempt(deps: BillingDeps, a: LiveAttempt): Promise<void> {
  if (!a.provider_ref) {
    // Its provider call is in flight (or its process died before storing the answer: the payer
    // never got that URL, so after a while it is only a row to close).
    if (Date.now() - new Date(a.created_at).getTime() < OPENING_MS)
      throw new AppError('conflict', 'Another payment of this invoice is being started. Try again in a moment.');
    await failUnopenedAttempt(deps.db, a.id);
    return;
  }
  const provider = deps.providers[a.provider];
  let state: ProviderState;
  try {
    if (!provider) throw new Error(`${a.provider} is not set up`);
    state = await provider.endCheckout(a.provider_ref);
  } catch (cause) {
    throw new AppError(
      'unavailable',
      `${providerLabel(a.provider)} did not answer, so an earlier checkout of this invoice could not be closed; nothing was charged. Try again shortly.`,
      { cause },
    );
  }
  const status = await settle(deps, a.id, state, 'checkout');
  if (status === 'processing')
    throw new AppError(
      'conflict',
      `A ${a.provider === 'btcpay' ? 'Bitcoin' : 'bank'} payment of this invoice is being confirmed. Wait for it before paying again.`,
    );
  if (status === 'open') throw new AppError('conflict', 'An earlier checkout of this invoice is still open.');
}

const settle = (deps: BillingDeps, attemptId: string, state: ProviderState, source: Source, failed?: boolean) =>
  deps.db.transaction().execute((trx) => applySettlement(deps, trx, attemptId, state, { source, failed }));

/**
 * After money was recorded: once the invoice is paid (or overpaid), the checkouts still open are
 * ended, so nobody can pay it again through an old link.
 */
export async function afterSettlement(deps: BillingDeps, invoiceId: string, log?: Logger): Promise<void> {
  const invoice = await invoiceStatus(deps.db, invoiceId);
  if (!invoice || PAYABLE_STATUSES.includes(invoice.status)) return;
  await endLiveCheckouts(deps, invoiceId, { strict: false, log });
}

const FINAL = ['paid', 'overpaid', 'failed', 'expired', 'mismatch'];

/**
 * Asks the provider about one attempt and records what it says — the return page calls this, so
 * a customer back from the checkout sees the truth even before the webhook lands. A checkout still
 * open on an invoice that can no longer be paid (paid, overpaid, void) is ended instead.
 */
export async function refreshAttempt(
  deps: BillingDeps,
  attemptId: string,
  source: 'return' | 'reconciler',
  log?: Logger,
) {
  const attempt = await attemptWithInvoiceStatus(deps.db, attemptId);
  if (!attempt?.provider_ref || FINAL.includes(attempt.status)) return attempt?.status;
  const provider = deps.providers[attempt.provider];
  if (!provider) return attempt.status;
  const closed = attempt.status === 'open' && !PAYABLE_STATUSES.includes(attempt.invoiceStatus);
  const state = closed
    ? await provider.endCheckout(attempt.provider_ref)
    : await provider.fetchState(attempt.provider_ref);
  const status = await settle(deps, attemptId, state, source);
  if (status !== attempt.status) await afterSettlement(deps, attempt.invoice_id, log);
  return status;
}
