import type { FakeBtcpay } from './btcpay.ts';
import type { FakeStripe } from './stripe.ts';

/**
 * Billing's provider settings, as environment variables, that aim it at these two stand-ins: the
 * demo, billing's tests and the benchmark all point billing at them the same way. The BTCPay one is
 * a test instance, so the UI says test mode.
 */
export function standInProviderEnv(stripe: FakeStripe, btcpay: FakeBtcpay) {
  return {
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_URL: stripe.url,
    BTCPAY_URL: btcpay.url,
    BTCPAY_API_KEY: btcpay.apiKey,
    BTCPAY_STORE_ID: btcpay.storeId,
    BTCPAY_WEBHOOK_SECRET: btcpay.webhookSecret,
    BTCPAY_TEST_MODE: 'true',
  };
}
