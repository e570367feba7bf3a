import type { Provider } from '@coppertone/db';

/** A provider's own view of one checkout: the truth we record. */
export interface ProviderState {
  status: 'open' | 'processing' | 'settled' | 'failed' | 'expired';
  /** What the provider says was paid and settled, in minor units (0 while nothing settled). */
  paid: bigint;
  /** What the checkout asked for, as the provider holds it, in minor units. */
  amount: bigint;
  currency: string;
  /** Paid after the checkout had expired (BTCPay PaidLate). */
  late: boolean;
}

export interface CheckoutRequest {
  attemptId: string;
  invoiceId: string;
  invoiceNumber: string;
  amount: bigint;
  currency: string;
  email?: string;
  returnUrl: string;
  cancelUrl: string;
}

export interface VerifiedEvent {
  /** The id to deduplicate on (Stripe event id; BTCPay original delivery id). */
  eventId: string;
  type: string;
  /** The provider's id of the checkout the event is about, when it names one. */
  ref?: string;
  /** The event itself reports a failed payment the checkout's state cannot show (Stripe async failure). */
  failed?: boolean;
}

export interface RefundRequest {
  /** Our refund id: the idempotency key, so a retried call cannot refund twice. */
  refundId: string;
  /** The checkout the money came through (provider_ref of the attempt). */
  checkoutRef: string;
  invoiceNumber: string;
  amount: bigint;
  currency: string;
  note: string;
}

export interface RefundResult {
  /** Stripe refund id (re_…) or BTCPay pull payment id. */
  ref: string;
  status: 'pending' | 'succeeded';
  /** Where the client claims it (BTCPay pull payment page). */
  claimUrl?: string;
}

export class SignatureError extends Error {}

/** The provider refused an operation for good (not a network or server failure). */
export class RefusedError extends Error {}

export interface PaymentProvider {
  name: Provider;
  /** Shown in the UI: a fake standing in for the real provider. */
  testMode: boolean;
  createCheckout(req: CheckoutRequest): Promise<{ ref: string; url: string; expiresAt?: Date }>;
  fetchState(ref: string): Promise<ProviderState>;
  /**
   * Ends a checkout at the provider so it can no longer be paid, and answers its state afterwards.
   * When the provider will not end it because money already moved (a completed Stripe session, a
   * BTCPay invoice being paid), answers that state instead: the caller settles it, never ignores it.
   */
  endCheckout(ref: string): Promise<ProviderState>;
  /** Gives money back from a settled checkout; throws RefusedError when the provider refuses for good. */
  refund(req: RefundRequest): Promise<RefundResult>;
  /** Checks the signature over the exact raw body; throws SignatureError when it does not hold. */
  verifyWebhook(rawBody: string, headers: Headers): VerifiedEvent;
}
