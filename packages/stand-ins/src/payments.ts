// The payment providers' stand-ins: Stripe (Checkout, refunds, signed webhooks) and BTCPay Server
// (invoices, signed webhooks), each an HTTP server on loopback speaking the API billing calls.
export { type FakeBtcpay, startFakeBtcpay } from './btcpay.ts';
export { standInProviderEnv } from './provider-env.ts';
export { type FakeStripe, startFakeStripe } from './stripe.ts';
