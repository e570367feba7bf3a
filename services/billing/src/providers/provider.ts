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

export class SignatureError extends Error {}

export interface PaymentProvider {
  name: Provider;
  /** Shown in the UI: a fake standing in for the real provider. */
  testMode: boolean;
  createCheckout(req: CheckoutRequest): Promise<{ ref: string; url: string; expiresAt?: Date }>;
  fetchState(ref: string): Promise<ProviderState>;
  /** Checks the signature over the exact raw body; throws SignatureError when it does not hold. */
  verifyWebhook(rawBody: string, headers: Headers): VerifiedEvent;
}
