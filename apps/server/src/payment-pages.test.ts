import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetrics } from '@coppertone/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from './app.ts';
import { startDemoPayments } from './demo-payments.ts';

// The address a demo opened from another machine is served at (HOST set): never the stand-ins' loopback.
const PUBLIC_URL = 'http://demo.example.test:3000';

let webRoot: string;
let payments: Awaited<ReturnType<typeof startDemoPayments>>;
let server: ServerApp;

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'payment-pages-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Home</title>');
  payments = await startDemoPayments(PUBLIC_URL);
  server = createServerApp({
    functions: {},
    metrics: createMetrics({ defaults: false }),
    ready: async () => true,
    webRoot,
    paymentStandIns: payments.standIns,
  });
});
afterAll(async () => {
  await payments?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

/** A request as it reaches the server from a payer's browser on another machine (no loopback peer). */
const fromElsewhere = (url: string, init?: RequestInit) => server.fetch(new Request(url, init));

/** A Stripe checkout made the way billing makes one, with the demo's settings. */
async function stripeCheckout(): Promise<{ id: string; url: string }> {
  const res = await fetch(`${payments.env.STRIPE_API_URL}/v1/checkout/sessions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${payments.env.STRIPE_SECRET_KEY}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      mode: 'payment',
      'line_items[0][price_data][unit_amount]': '12300',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][quantity]': '1',
      success_url: `${PUBLIC_URL}/invoices/1?paid={CHECKOUT_SESSION_ID}`,
      cancel_url: `${PUBLIC_URL}/invoices/1`,
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string; url: string };
}

describe('the demo payment stand-ins, through the main server', () => {
  it('hands out a Stripe checkout URL at PUBLIC_URL whose page answers through the server', async () => {
    const checkout = await stripeCheckout();
    expect(checkout.url).toBe(`${PUBLIC_URL}/dev/stripe/pay/${checkout.id}`);
    const page = await fromElsewhere(checkout.url);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Pay 123.00 USD');
    // The page's forms post back under the same prefix (relative), not to the stand-in's root.
    expect(body).toContain(`action="${checkout.id}/pay"`);
    expect(new URL(`${checkout.id}/pay`, checkout.url).pathname).toBe(`/dev/stripe/pay/${checkout.id}/pay`);
  });

  it('takes the payment posted from the page and sends the payer back to the merchant', async () => {
    const checkout = await stripeCheckout();
    const paid = await fromElsewhere(`${checkout.url}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${PUBLIC_URL}/invoices/1?paid=${checkout.id}`);
    // Paid: posting again leads back to the page (relative to it), which now takes nothing.
    const again = await fromElsewhere(`${checkout.url}/pay`, { method: 'POST', body: '' });
    expect(new URL(again.headers.get('location') ?? '', `${checkout.url}/pay`).href).toBe(checkout.url);
    expect(await (await fromElsewhere(checkout.url)).text()).toContain('complete');
  });

  it('hands out a BTCPay invoice URL at PUBLIC_URL whose page answers through the server', async () => {
    const res = await fetch(`${payments.env.BTCPAY_URL}/api/v1/stores/${payments.env.BTCPAY_STORE_ID}/invoices`, {
      method: 'POST',
      headers: { authorization: `token ${payments.env.BTCPAY_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '45.00', currency: 'USD' }),
    });
    const invoice = (await res.json()) as { id: string; checkoutLink: string };
    expect(invoice.checkoutLink).toBe(`${PUBLIC_URL}/dev/btcpay/i/${invoice.id}`);
    const page = await fromElsewhere(invoice.checkoutLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="${invoice.id}/pay"`);
  });

  it('forwards only the payer pages: not the stand-ins’ APIs, and their test controls not to other machines', async () => {
    const checkout = await stripeCheckout();
    expect((await fromElsewhere(`${PUBLIC_URL}/dev/stripe/v1/checkout/sessions/${checkout.id}`)).status).toBe(403);
    const control = await fromElsewhere(`${PUBLIC_URL}/dev/stripe/_control/sessions/${checkout.id}/pay`, {
      method: 'POST',
    });
    expect(control.status).toBe(403);
    expect(payments.standIns.stripe).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('without stand-ins (production, or real providers)', () => {
  it('serves nothing under /dev/stripe', async () => {
    const plain = createServerApp({
      functions: {},
      metrics: createMetrics({ defaults: false }),
      ready: async () => true,
      webRoot,
    });
    const res = await plain.fetch(new Request(`${PUBLIC_URL}/dev/stripe/pay/cs_test_x`));
    expect([403, 404]).toContain(res.status);
  });
});
