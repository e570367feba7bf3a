import { Hono, type MiddlewareHandler } from 'hono';

/** Where the demo's payment stand-ins listen (loopback); only their payer-facing pages pass through. */
export interface PaymentStandIns {
  stripe: string;
  btcpay: string;
}

/** The path under the server's own address where each stand-in's pages are served. */
export const PAYMENT_PAGE_PREFIX = { stripe: '/dev/stripe', btcpay: '/dev/btcpay' } as const;

// A stand-in's page has one inline style sheet and forms posting back to itself; nothing else loads or runs.
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/**
 * Demo mode only: the stand-ins' hosted checkout page (Stripe, `/pay/…`) and invoice page (BTCPay,
 * `/i/…`) through this server, so a payer on another machine reaches them at PUBLIC_URL. The
 * stand-ins' APIs stay on loopback: only these page paths (and, guarded, the test controls) are forwarded.
 */
export function paymentPageRoutes(standIns: PaymentStandIns, controlGuard: MiddlewareHandler): Hono {
  const app = new Hono();
  const forward = (target: string, prefix: string) => async (c: { req: { raw: Request; method: string } }) => {
    const url = new URL(c.req.raw.url);
    const body = c.req.method === 'POST' ? await c.req.raw.arrayBuffer() : undefined;
    const contentType = c.req.raw.headers.get('content-type');
    const res = await fetch(`${target}${url.pathname.slice(prefix.length)}${url.search}`, {
      method: c.req.method,
      headers: contentType ? { 'content-type': contentType } : {},
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    const headers = new Headers({ 'cache-control': 'no-store', 'content-security-policy': PAGE_CSP });
    for (const name of ['content-type', 'location']) {
      const value = res.headers.get(name);
      if (value) headers.set(name, value);
    }
    return new Response(res.body, { status: res.status, headers });
  };
  const stripe = forward(standIns.stripe, PAYMENT_PAGE_PREFIX.stripe);
  const btcpay = forward(standIns.btcpay, PAYMENT_PAGE_PREFIX.btcpay);
  app.on(['GET', 'HEAD'], `${PAYMENT_PAGE_PREFIX.stripe}/pay/:id`, stripe);
  app.post(`${PAYMENT_PAGE_PREFIX.stripe}/pay/:id/:action`, stripe);
  app.on(['GET', 'HEAD'], `${PAYMENT_PAGE_PREFIX.btcpay}/i/:id`, btcpay);
  app.post(`${PAYMENT_PAGE_PREFIX.btcpay}/i/:id/:action`, btcpay);
  // The stand-ins' test controls (what a browser test does without a payer), for this machine or an
  // admin only, as /dev/mailbox: the same relative paths as on the stand-ins themselves.
  app.all(`${PAYMENT_PAGE_PREFIX.stripe}/_control/*`, controlGuard, stripe);
  app.all(`${PAYMENT_PAGE_PREFIX.btcpay}/_control/*`, controlGuard, btcpay);
  return app;
}
