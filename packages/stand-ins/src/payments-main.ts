// The Stripe and BTCPay Server fakes as a process of their own (the `payments` container of the
// test stack): `node packages/stand-ins/src/payments-main.ts`. Same fakes as the all-in-one demo mode, on fixed
// ports and all addresses so the billing function (server to server) and the browser (hosted
// checkout pages, via STRIPE_PUBLIC_URL / BTCPAY_PUBLIC_URL) both reach them; webhooks go to
// STRIPE_WEBHOOK_URL / BTCPAY_WEBHOOK_URL (the edge, as in production). Keys come from the
// environment so billing can be given the same ones; FAKES_CONTROL_TOKEN opens their `/_control/*`
// to the tests through the port forwarding (see control-guard.ts). `/healthz` on HTTP_PORT for the health check.
import { createServer } from 'node:http';
import { startFakeBtcpay } from './btcpay.ts';
import { startFakeStripe } from './stripe.ts';

const env = process.env;
const host = env.HOST ?? '0.0.0.0';
const stripePort = Number(env.STRIPE_PORT ?? 8181);
const btcpayPort = Number(env.BTCPAY_PORT ?? 8282);
const httpPort = Number(env.HTTP_PORT ?? 8025);

const stripe = await startFakeStripe({
  port: stripePort,
  host,
  publicUrl: env.STRIPE_PUBLIC_URL,
  webhookUrl: env.STRIPE_WEBHOOK_URL,
  secretKey: env.STRIPE_SECRET_KEY,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  controlToken: env.FAKES_CONTROL_TOKEN,
});
const btcpay = await startFakeBtcpay({
  port: btcpayPort,
  host,
  publicUrl: env.BTCPAY_PUBLIC_URL,
  webhookUrl: env.BTCPAY_WEBHOOK_URL,
  apiKey: env.BTCPAY_API_KEY,
  storeId: env.BTCPAY_STORE_ID,
  webhookSecret: env.BTCPAY_WEBHOOK_SECRET,
  controlToken: env.FAKES_CONTROL_TOKEN,
});

const health = createServer((req, res) => {
  const ok = new URL(req.url ?? '/', 'http://payments').pathname === '/healthz';
  res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
  res.end(ok ? '{"status":"ok","service":"payments"}' : '{"error":{"code":"not_found","message":"Not found."}}');
});
await new Promise<void>((resolve) => health.listen(httpPort, host, resolve));
process.stdout.write(
  `${JSON.stringify({ msg: 'fake Stripe and BTCPay listening', stripe: stripePort, btcpay: btcpayPort, http: httpPort })}\n`,
);

const stop = () => {
  health.close();
  void Promise.all([stripe.close(), btcpay.close()]).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
