import { createHmac, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { controlGuard } from './control-guard.ts';
import { createDeliverer, routeDeliveryControl } from './delivery.ts';
import {
  listenStandIn,
  type ProviderStandIn,
  type ProviderStandInOptions,
  standInFields,
} from './provider-stand-in.ts';

/**
 * A stand-in for BTCPay Server's Greenfield API: invoices with status, additionalStatus and
 * paidAmount as BTCPay reports them, a hosted checkout page, and webhooks with indented JSON bodies
 * signed `BTCPay-Sig: sha256=<hmac>`. Payments can be full, partial, over, or late.
 */
export interface FakeBtcpayInvoice {
  id: string;
  storeId: string;
  checkoutLink: string;
  status: 'New' | 'Processing' | 'Settled' | 'Expired' | 'Invalid';
  additionalStatus: 'None' | 'PaidPartial' | 'PaidOver' | 'PaidLate' | 'Marked' | 'Invalid';
  amount: string;
  paidAmount: string;
  currency: string;
  metadata: Record<string, unknown>;
  checkout: { redirectURL?: string; redirectAutomatically?: boolean };
  createdTime: number;
  expirationTime: number;
}

/** Default "Processing" time: long enough to be seen (and asserted by a browser test) on a busy machine. */
const SETTLE_MS = 4000;

/**
 * `pay-invalidated`: a transaction broadcast before the merchant marked the invoice invalid lands
 * anyway (control only; the checkout page takes no payment once the invoice is invalid).
 */
export type BtcpayAction = 'pay' | 'pay-partial' | 'overpay' | 'expire' | 'pay-late' | 'confirm' | 'pay-invalidated';

/** A refund as Greenfield answers it: a pull payment the customer claims. */
export interface FakeBtcpayPullPayment {
  id: string;
  invoiceId: string;
  name: string;
  description?: string;
  amount: string;
  currency: string;
  viewLink: string;
}

export interface FakeBtcpay extends ProviderStandIn {
  apiKey: string;
  storeId: string;
  invoices: Map<string, FakeBtcpayInvoice>;
  pullPayments: FakeBtcpayPullPayment[];
  act(id: string, action: BtcpayAction): Promise<FakeBtcpayInvoice>;
}

export interface FakeBtcpayOptions extends ProviderStandInOptions {
  apiKey?: string;
  storeId?: string;
  /** How long "Processing" lasts after paying before it settles by itself (0: stays until confirm). */
  settleMs?: number;
}

const hex = (n: number) => randomBytes(n).toString('hex');
const cents = (s: string) => Math.round(Number(s) * 100);
const fromCents = (n: number) => (n / 100).toFixed(2);

export async function startFakeBtcpay(opts: FakeBtcpayOptions = {}): Promise<FakeBtcpay> {
  const invoices = new Map<string, FakeBtcpayInvoice>();
  const pullPayments: FakeBtcpayPullPayment[] = [];
  const calls: FakeBtcpay['calls'] = [];
  const apiKey = opts.apiKey ?? hex(20);
  const storeId = opts.storeId ?? `store${hex(6)}`;
  const webhookSecret = opts.webhookSecret ?? hex(16);
  const webhookId = hex(8);
  let base = '';
  const fake = {} as FakeBtcpay;
  const delivery = createDeliverer(() => fake.webhookUrl);

  const event = (type: string, inv: FakeBtcpayInvoice, extra: Record<string, unknown> = {}) => {
    const deliveryId = hex(12);
    const body = JSON.stringify(
      {
        deliveryId,
        webhookId,
        originalDeliveryId: deliveryId,
        isRedelivery: false,
        type,
        timestamp: Math.floor(Date.now() / 1000),
        storeId,
        invoiceId: inv.id,
        metadata: inv.metadata,
        ...extra,
      },
      null,
      2,
    );
    return {
      body,
      headers: { 'btcpay-sig': `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}` },
    };
  };

  const settle = async (inv: FakeBtcpayInvoice) => {
    if (inv.status !== 'Processing') return;
    inv.status = 'Settled';
    await delivery.send([event('InvoicePaymentSettled', inv), event('InvoiceSettled', inv, { manuallyMarked: false })]);
  };

  const act = async (id: string, action: BtcpayAction): Promise<FakeBtcpayInvoice> => {
    const inv = invoices.get(id);
    if (!inv) throw new Error(`no invoice ${id}`);
    const amount = cents(inv.amount);
    switch (action) {
      case 'pay':
      case 'overpay': {
        if (inv.status !== 'New') return inv;
        inv.paidAmount = fromCents(action === 'overpay' ? Math.round(amount * 1.2) : amount);
        inv.status = 'Processing';
        if (action === 'overpay') inv.additionalStatus = 'PaidOver';
        await delivery.send([
          event('InvoiceReceivedPayment', inv, { afterExpiration: false }),
          event('InvoiceProcessing', inv, { overPaid: action === 'overpay' }),
        ]);
        if (opts.settleMs !== 0) setTimeout(() => void settle(inv), opts.settleMs ?? SETTLE_MS);
        return inv;
      }
      case 'confirm':
        await settle(inv);
        return inv;
      case 'pay-partial':
        if (inv.status !== 'New') return inv;
        inv.paidAmount = fromCents(Math.floor(amount / 2));
        inv.additionalStatus = 'PaidPartial';
        await delivery.send([event('InvoiceReceivedPayment', inv, { afterExpiration: false })]);
        return inv;
      case 'expire':
        if (inv.status !== 'New') return inv;
        inv.status = 'Expired';
        await delivery.send([event('InvoiceExpired', inv, { partiallyPaid: inv.additionalStatus === 'PaidPartial' })]);
        return inv;
      case 'pay-invalidated':
        if (inv.status !== 'Invalid') return inv;
        // Marked invalid stays Invalid (Marked); the money is on it all the same.
        inv.paidAmount = fromCents(amount);
        await delivery.send([
          event('InvoiceReceivedPayment', inv, { afterExpiration: false }),
          event('InvoicePaymentSettled', inv, { afterExpiration: false }),
        ]);
        return inv;
      case 'pay-late':
        // Paid after expiry: status stays Expired, PaidLate, and no InvoiceSettled is ever sent.
        if (inv.status === 'New') {
          inv.status = 'Expired';
          await delivery.send([event('InvoiceExpired', inv, { partiallyPaid: false })]);
        }
        inv.paidAmount = fromCents(amount);
        inv.additionalStatus = 'PaidLate';
        await delivery.send([
          event('InvoiceReceivedPayment', inv, { afterExpiration: true }),
          event('InvoicePaymentSettled', inv, { afterExpiration: true }),
        ]);
        return inv;
    }
  };

  const app = new Hono();
  app.use('/_control/*', controlGuard(opts.controlToken));
  const api = `/api/v1/stores/:store/invoices`;
  app.use('/api/*', async (c, next) => {
    if (c.req.header('authorization') !== `token ${apiKey}`)
      return c.json({ code: 'unauthenticated', message: 'Authentication is required' }, 401);
    if (c.req.param('store') !== undefined && c.req.param('store') !== storeId)
      return c.json({ code: 'store-not-found' }, 404);
    calls.push({ method: c.req.method, path: c.req.path });
    await next();
  });
  app.post(api, async (c) => {
    if (c.req.param('store') !== storeId) return c.json({ code: 'store-not-found', message: 'Store not found' }, 404);
    const body = (await c.req.json()) as {
      amount?: string;
      currency?: string;
      metadata?: Record<string, unknown>;
      checkout?: FakeBtcpayInvoice['checkout'];
    };
    if (!body.amount || !/^\d+(\.\d+)?$/.test(body.amount) || !body.currency)
      return c.json([{ path: 'amount', message: 'amount and currency are required' }], 422);
    const id = hex(11);
    const inv: FakeBtcpayInvoice = {
      id,
      storeId,
      checkoutLink: `${opts.publicUrl ?? base}/i/${id}`,
      status: 'New',
      additionalStatus: 'None',
      amount: body.amount,
      paidAmount: '0',
      currency: body.currency,
      metadata: body.metadata ?? {},
      checkout: body.checkout ?? {},
      createdTime: Math.floor(Date.now() / 1000),
      expirationTime: Math.floor(Date.now() / 1000) + 15 * 60,
    };
    invoices.set(id, inv);
    await delivery.send([event('InvoiceCreated', inv)]);
    return c.json(inv);
  });
  app.get(`${api}/:id`, (c) => {
    const inv = c.req.param('store') === storeId ? invoices.get(c.req.param('id')) : undefined;
    return inv ? c.json(inv) : c.json({ code: 'invoice-not-found', message: 'The invoice was not found' }, 404);
  });

  // Marks an invoice (Greenfield "mark invoice status"): Invalid closes its checkout. Allowed while
  // it is New, Processing or Expired, as BTCPay lists in availableStatusesForManualMarking.
  app.post(`${api}/:id/status`, async (c) => {
    const inv = c.req.param('store') === storeId ? invoices.get(c.req.param('id')) : undefined;
    if (!inv) return c.json({ code: 'invoice-not-found', message: 'The invoice was not found' }, 404);
    const { status } = (await c.req.json()) as { status?: string };
    if (status !== 'Invalid' && status !== 'Settled')
      return c.json([{ path: 'status', message: 'status must be Invalid or Settled' }], 422);
    if (!['New', 'Processing', 'Expired'].includes(inv.status))
      return c.json({ code: 'invoice-not-markable', message: `Cannot mark a ${inv.status} invoice` }, 422);
    inv.status = status;
    inv.additionalStatus = 'Marked';
    await delivery.send([
      status === 'Invalid'
        ? event('InvoiceInvalid', inv, { manuallyMarked: true })
        : event('InvoiceSettled', inv, { manuallyMarked: true }),
    ]);
    return c.json(inv);
  });
  // Greenfield's invoice refund: creates a pull payment the customer claims on its page.
  app.post(`${api}/:id/refund`, async (c) => {
    const inv = c.req.param('store') === storeId ? invoices.get(c.req.param('id')) : undefined;
    if (!inv) return c.json({ code: 'invoice-not-found', message: 'The invoice was not found' }, 404);
    const body = (await c.req.json()) as {
      name?: string;
      description?: string;
      refundVariant?: string;
      customAmount?: string;
      customCurrency?: string;
    };
    if (cents(inv.paidAmount) <= 0)
      return c.json({ code: 'non-refundable', message: 'Cannot refund an invoice with no payment' }, 422);
    if (body.refundVariant !== 'Custom' || !body.customAmount || !/^\d+(\.\d+)?$/.test(body.customAmount))
      return c.json([{ path: 'customAmount', message: 'customAmount is required for a Custom refund' }], 422);
    const refunded = pullPayments.filter((p) => p.invoiceId === inv.id).reduce((n, p) => n + cents(p.amount), 0);
    if (cents(body.customAmount) + refunded > cents(inv.paidAmount))
      return c.json([{ path: 'customAmount', message: 'More than was paid' }], 422);
    const id = hex(10);
    const pull: FakeBtcpayPullPayment = {
      id,
      invoiceId: inv.id,
      name: body.name ?? `Refund ${inv.id}`,
      description: body.description,
      amount: body.customAmount,
      currency: body.customCurrency ?? inv.currency,
      viewLink: `${opts.publicUrl ?? base}/pull-payments/${id}`,
    };
    pullPayments.push(pull);
    return c.json(pull);
  });

  // The invoice page a payer is sent to. Its links are relative, so it also works behind a path
  // prefix (the demo server's /dev/btcpay).
  app.get('/i/:id', (c) => {
    const inv = invoices.get(c.req.param('id'));
    if (!inv) return c.text('Invoice not found', 404);
    const button = (action: BtcpayAction, label: string, primary = false) =>
      html`<form method="post" action="${inv.id}/${action}"><button type="submit"${primary ? html` class="primary"` : ''}>${label}</button></form>`;
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test Bitcoin checkout — ${inv.amount} ${inv.currency}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;background:#f1f5f3;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;max-width:26rem;width:calc(100% - 2rem)}
.badge{background:#ffe58f;padding:.1rem .5rem;border-radius:4px;font-size:.8rem;font-weight:700}
button{display:block;width:100%;margin:.5rem 0;padding:.8rem;font:inherit;border-radius:8px;border:1px solid #51b13e;background:#fff;color:#2f7a22;cursor:pointer}
button.primary{background:#51b13e;color:#fff}</style></head>
<body><main><p><span class="badge">TEST MODE</span> BTCPay stand-in — no real bitcoin moves.</p>
<h1>Pay ${inv.amount} ${inv.currency}</h1>
<p>Status: <strong data-testid="status">${inv.status}</strong> (${inv.additionalStatus}), paid ${inv.paidAmount}</p>
${inv.status === 'Invalid' ? html`<p role="alert">This invoice is no longer payable. Do not send bitcoin to it.</p>` : ''}
${
  inv.status === 'New'
    ? html`${button('pay', 'Pay with Bitcoin', true)}${button('pay-partial', 'Pay half')}${button('overpay', 'Pay too much')}${button('expire', 'Let it expire')}${button('pay-late', 'Pay after it expired')}`
    : ''
}
${inv.checkout.redirectURL ? html`<p><a href="${inv.checkout.redirectURL}">Return to the merchant</a></p>` : ''}
</main></body></html>`);
  });
  app.post('/i/:id/:action', async (c) => {
    // The page offers only a payer's actions; a payment landing on an invalid invoice is control-only.
    if (c.req.param('action') === 'pay-invalidated') return c.text('Unknown action', 400);
    const inv = await act(c.req.param('id'), c.req.param('action') as BtcpayAction).catch(() => undefined);
    if (!inv) return c.text('Invoice not found', 404);
    return inv.checkout.redirectURL && inv.status !== 'New'
      ? c.redirect(inv.checkout.redirectURL, 303)
      : c.redirect(`../${inv.id}`, 303);
  });

  routeDeliveryControl(app, delivery);
  app.post('/_control/invoices/:id/:action', async (c) =>
    c.json(await act(c.req.param('id'), c.req.param('action') as BtcpayAction)),
  );

  const server = await listenStandIn(app, opts);
  base = server.url;
  Object.assign(fake, standInFields(server, { webhookSecret, calls, delivery, webhookUrl: opts.webhookUrl }), {
    apiKey,
    storeId,
    invoices,
    pullPayments,
    act,
  });
  return fake;
}
