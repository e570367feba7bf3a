import { standInProviderEnv, startFakeBtcpay, startFakeStripe } from '@coppertone/stand-ins/payments';
import { PAYMENT_PAGE_PREFIX } from './payment-pages.ts';

/**
 * Demo mode without provider credentials: Stripe and BTCPay stand-ins on loopback ports, speaking
 * the same APIs and signing webhooks the same way, so the real payment code path runs. The UI
 * shows "test mode". Payers are sent to the stand-ins' pages at `publicUrl` (the server forwards
 * /dev/stripe and /dev/btcpay to them, see payment-pages.ts), so a demo opened from another machine
 * can pay; the server's API calls stay on loopback. Returns the settings that point billing at them,
 * and a way to aim their webhooks once the server's port is known.
 */
export async function startDemoPayments(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  const [stripe, btcpay] = await Promise.all([
    startFakeStripe({ publicUrl: `${base}${PAYMENT_PAGE_PREFIX.stripe}` }),
    startFakeBtcpay({ publicUrl: `${base}${PAYMENT_PAGE_PREFIX.btcpay}` }),
  ]);
  return {
    // The demo merges them into settings already parsed, where the flag is a boolean.
    env: { ...standInProviderEnv(stripe, btcpay), BTCPAY_TEST_MODE: true },
    /** Where the stand-ins listen (loopback), for the server's forwarding. */
    standIns: { stripe: stripe.url, btcpay: btcpay.url },
    /** Where payers see their pages. */
    pages: { stripe: `${base}${PAYMENT_PAGE_PREFIX.stripe}`, btcpay: `${base}${PAYMENT_PAGE_PREFIX.btcpay}` },
    /** Pays a checkout at the Stripe stand-in, as a person on its page would (the demo data's paid invoice). */
    payByCard: (ref: string) => stripe.act(ref, 'pay'),
    aimWebhooks(serverUrl: string) {
      stripe.webhookUrl = `${serverUrl}/api/billing/webhooks/stripe`;
      btcpay.webhookUrl = `${serverUrl}/api/billing/webhooks/btcpay`;
    },
    async close() {
      await Promise.all([stripe.close(), btcpay.close()]);
    },
  };
}
