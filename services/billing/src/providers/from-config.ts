import type { Provider } from '@coppertone/db';
import type { BillingConfig } from '../config.ts';
import { btcpayProvider } from './btcpay.ts';
import type { PaymentProvider } from './provider.ts';
import { stripeProvider } from './stripe.ts';

/** The providers whose settings are complete; a half-configured one is an error, not silently off. */
export function providersFromConfig(cfg: BillingConfig): {
  providers: Partial<Record<Provider, PaymentProvider>>;
  problems: string[];
} {
  const providers: Partial<Record<Provider, PaymentProvider>> = {};
  const problems: string[] = [];
  const stripe = { STRIPE_SECRET_KEY: cfg.STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: cfg.STRIPE_WEBHOOK_SECRET };
  const btcpay = {
    BTCPAY_URL: cfg.BTCPAY_URL,
    BTCPAY_API_KEY: cfg.BTCPAY_API_KEY,
    BTCPAY_STORE_ID: cfg.BTCPAY_STORE_ID,
    BTCPAY_WEBHOOK_SECRET: cfg.BTCPAY_WEBHOOK_SECRET,
  };
  const check = (group: Record<string, string | undefined>) => {
    const missing = Object.entries(group)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length && missing.length < Object.keys(group).length)
      problems.push(
        `${missing.join(', ')}: required with the other ${Object.keys(group)
          .filter((k) => !missing.includes(k))
          .join(', ')}`,
      );
    return missing.length === 0;
  };
  if (check(stripe)) {
    providers.stripe = stripeProvider({
      secretKey: stripe.STRIPE_SECRET_KEY as string,
      webhookSecret: stripe.STRIPE_WEBHOOK_SECRET as string,
      apiUrl: cfg.STRIPE_API_URL,
      testMode: !!cfg.STRIPE_API_URL || (stripe.STRIPE_SECRET_KEY as string).startsWith('sk_test_'),
    });
  }
  if (check(btcpay)) {
    providers.btcpay = btcpayProvider({
      url: btcpay.BTCPAY_URL as string,
      apiKey: btcpay.BTCPAY_API_KEY as string,
      storeId: btcpay.BTCPAY_STORE_ID as string,
      webhookSecret: btcpay.BTCPAY_WEBHOOK_SECRET as string,
      testMode: cfg.BTCPAY_TEST_MODE,
    });
  }
  return { providers, problems };
}
