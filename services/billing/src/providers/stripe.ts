import Stripe from 'stripe';
import { type PaymentProvider, type ProviderState, RefusedError, SignatureError } from './provider.ts';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where the API lives; set only to point the SDK at a stand-in (tests, demo mode). */
  apiUrl?: string;
  testMode: boolean;
}

/** Stripe Checkout through the official SDK: one session per attempt, idempotency key = attempt id. */
export function stripeProvider(opts: StripeOptions): PaymentProvider {
  const api = opts.apiUrl ? new URL(opts.apiUrl) : undefined;
  const stripe = new Stripe(opts.secretKey, {
    maxNetworkRetries: 2,
    timeout: 15_000,
    ...(api ? { host: api.hostname, port: api.port, protocol: api.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });

  const state = (s: Stripe.Checkout.Session): ProviderState => {
    const amount = BigInt(s.amount_total ?? 0);
    const currency = (s.currency ?? '').toUpperCase();
    const base = { amount, currency, late: false };
    if (s.payment_status === 'paid') return { ...base, status: 'settled', paid: amount };
    if (s.status === 'expired') return { ...base, status: 'expired', paid: 0n };
    // Complete but unpaid: an asynchronous method (bank debit) is still on its way — or it failed,
    // which only the async_payment_failed event says (see `failedHint`).
    if (s.status === 'complete') return { ...base, status: 'processing', paid: 0n };
    return { ...base, status: 'open', paid: 0n };
  };

  return {
    name: 'stripe',
    testMode: opts.testMode,
    async createCheckout(req) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: req.currency.toLowerCase(),
                unit_amount: Number(req.amount),
                product_data: { name: `Invoice ${req.invoiceNumber}` },
              },
            },
          ],
          success_url: `${req.returnUrl}${req.returnUrl.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: req.cancelUrl,
          client_reference_id: req.attemptId,
          metadata: { invoice_id: req.invoiceId, attempt_id: req.attemptId },
          ...(req.email ? { customer_email: req.email } : {}),
        },
        { idempotencyKey: `checkout-${req.attemptId}` },
      );
      if (!session.url) throw new Error('Stripe returned a session without a URL');
      return { ref: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    },
    async fetchState(ref) {
      return state(await stripe.checkout.sessions.retrieve(ref));
    },
    async endCheckout(ref) {
      try {
        return state(await stripe.checkout.sessions.expire(ref));
      } catch (err) {
        // Stripe expires only open sessions: a completed (paid, or paying by bank debit) or already
        // expired one is refused, and its own state says which.
        if (err instanceof Stripe.errors.StripeInvalidRequestError)
          return state(await stripe.checkout.sessions.retrieve(ref));
        throw err;
      }
    },
    async refund(req) {
      const session = await stripe.checkout.sessions.retrieve(req.checkoutRef);
      const paymentIntent =
        typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
      if (!paymentIntent) throw new RefusedError('Stripe has no payment for this checkout to refund.');
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: paymentIntent, amount: Number(req.amount), metadata: { refund_id: req.refundId } },
          { idempotencyKey: `refund-${req.refundId}` },
        );
        if (refund.status === 'failed' || refund.status === 'canceled')
          throw new RefusedError(`Stripe answered the refund as ${refund.status}.`);
        return { ref: refund.id, status: refund.status === 'succeeded' ? 'succeeded' : 'pending' };
      } catch (err) {
        if (err instanceof Stripe.errors.StripeInvalidRequestError) throw new RefusedError(err.message);
        throw err;
      }
    },
    verifyWebhook(rawBody, headers) {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, headers.get('stripe-signature') ?? '', opts.webhookSecret);
      } catch (err) {
        throw new SignatureError((err as Error).message);
      }
      const object = event.data.object as { object?: string; id?: string };
      return {
        eventId: event.id,
        type: event.type,
        ref: object.object === 'checkout.session' ? object.id : undefined,
        failed: event.type === 'checkout.session.async_payment_failed',
      };
    },
  };
}
