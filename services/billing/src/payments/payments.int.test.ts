import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from '../testing.ts';
import { reconcileOnce } from './reconcile.ts';

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());
beforeEach(() => h.deliverNormally());

const paid = (id: string) => h.untilPaid(id);
const stripeEvents = () => h.stripe.delivery.log;
/**
 * A sent invoice paid by card at the Stripe stand-in (`pay-async`: a payment that settles later)
 * while its webhooks are dropped; the events it would have delivered start at `before` in the log.
 */
async function paidWithWebhooksDropped(cents: number, how: 'pay' | 'pay-async') {
  const id = await h.sentInvoice(cents);
  const c = await h.checkout(id, 'stripe');
  h.stripe.delivery.mode = { mode: 'drop' };
  const before = stripeEvents().length;
  await h.stripe.act(c.ref, how);
  return { id, c, before };
}

describe('card payments (Stripe Checkout through the official SDK)', () => {
  it('pays an invoice once: checkout → hosted page → signed webhook → paid', async () => {
    const id = await h.sentInvoice(2500);
    const c = await h.checkout(id, 'stripe');
    expect(c.url).toBe(`${h.stripe.url}/pay/${c.ref}`);
    expect(c.testMode).toBe(true);
    expect(h.stripe.sessions.get(c.ref)).toMatchObject({
      amount_total: 2500,
      currency: 'usd',
      client_reference_id: c.attemptId,
    });
    await h.stripe.act(c.ref, 'pay');
    const inv = await paid(id);
    expect(inv.amount_paid).toBe('2500');
    const p = await h.payments(id);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ amount: '2500', kind: 'full', source: 'webhook', currency: 'USD' });
    const status = await (await h.as('clientA')).get(`/invoices/${id}/payment-status?attempt=${c.attemptId}`);
    expect(status.body).toMatchObject({ status: 'paid', amountDue: 0, attempt: { status: 'paid' } });
  });

  it('records one payment when the same event is delivered 10 times concurrently', async () => {
    const id = await h.sentInvoice(3100);
    const c = await h.checkout(id, 'stripe');
    h.stripe.delivery.mode = { mode: 'duplicate', times: 10 };
    await h.stripe.act(c.ref, 'pay');
    await paid(id);
    expect(await h.payments(id)).toHaveLength(1);
    const events = await h.db
      .selectFrom('provider_events')
      .select('outcome')
      .where('attempt_id', '=', c.attemptId)
      .execute();
    expect(events).toEqual([{ outcome: 'applied' }]);
    expect(
      stripeEvents()
        .slice(-10)
        .every((d) => d.status === 200),
    ).toBe(true);
  });

  it('ends right when events come out of order (async success before completed; expired after completed)', async () => {
    const { id, c, before } = await paidWithWebhooksDropped(4200, 'pay-async');
    await h.until(
      async () => stripeEvents().length,
      (n) => n >= before + 2,
    );
    const [completed, succeeded] = stripeEvents().slice(before);
    h.stripe.delivery.mode = { mode: 'normal' };
    expect(JSON.parse(succeeded?.body ?? '{}').type).toBe('checkout.session.async_payment_succeeded');
    expect(await h.stripe.delivery.redeliver(before + 1)).toBe(200);
    expect(await h.stripe.delivery.redeliver(before)).toBe(200);
    expect(completed).toBeDefined();
    await paid(id);

    // A stale "expired" for the same session, correctly signed, cannot undo the payment.
    const body = JSON.stringify({
      id: 'evt_test_stale_expired',
      object: 'event',
      type: 'checkout.session.expired',
      data: { object: { id: c.ref, object: 'checkout.session', status: 'expired' } },
    });
    const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload: body,
      secret: h.stripe.webhookSecret,
    });
    const res = await h.postWebhook('stripe', body, { 'stripe-signature': signature });
    expect(res.status).toBe(200);
    expect((await h.invoice(id)).status).toBe('paid');
    expect(await h.payments(id)).toHaveLength(1);
  });

  it('records one payment when the success redirect races the webhook', async () => {
    const id = await h.sentInvoice(5300);
    const c = await h.checkout(id, 'stripe');
    h.stripe.delivery.mode = { mode: 'delay', ms: 300 };
    await h.stripe.act(c.ref, 'pay');
    const back = await (await h.as('clientA')).get(`/invoices/${id}/payment-status?attempt=${c.attemptId}`);
    expect(back.body.status).toBe('paid');
    await h.until(
      async () =>
        (await h.db.selectFrom('provider_events').select('id').where('attempt_id', '=', c.attemptId).execute()).length,
      (n) => n === 1,
    );
    const p = await h.payments(id);
    expect(p).toHaveLength(1);
    expect(p[0]?.source).toBe('return');
  });

  it('records the payment through the reconciler when the webhook never arrives', async () => {
    const { id } = await paidWithWebhooksDropped(6400, 'pay');
    expect((await h.invoice(id)).status).toBe('sent');
    const run = await reconcileOnce(h.deps, h.log);
    expect(run.changed).toBeGreaterThanOrEqual(1);
    expect((await h.invoice(id)).status).toBe('paid');
    expect((await h.payments(id))[0]?.source).toBe('reconciler');
  });

  it('refuses forged, stale and re-serialised webhooks with 400, records nothing, and counts them', async () => {
    const { id, before } = await paidWithWebhooksDropped(7500, 'pay');
    const real = stripeEvents()[before];
    if (!real) throw new Error('no event captured');
    const post = (body: string, signature: string) => h.postWebhook('stripe', body, { 'stripe-signature': signature });
    const forged = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload: real.body,
      secret: 'whsec_wrong',
    });
    const stale = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload: real.body,
      secret: h.stripe.webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const reserialised = JSON.stringify(JSON.parse(real.body), null, 2);
    const failuresBefore = Number((await (await h.as('staff')).get('/webhook-health')).body.providers[0].failures24h);
    expect((await post(real.body, forged)).status).toBe(400);
    expect((await post(real.body, stale)).status).toBe(400);
    expect((await post(reserialised, real.headers['stripe-signature'] as string)).status).toBe(400);
    expect((await post(real.body, '')).status).toBe(400);
    expect(await h.payments(id)).toHaveLength(0);
    const health = (await (await h.as('staff')).get('/webhook-health')).body.providers[0];
    expect(health.failures24h).toBe(failuresBefore + 4);
    expect(health.lastFailure).toMatch(/^signature:/);
    expect((await post(real.body, real.headers['stripe-signature'] as string)).status).toBe(200);
    await paid(id);
  });

  it('never marks paid when the provider settled another amount or currency', async () => {
    const id = await h.sentInvoice(8600);
    const c = await h.checkout(id, 'stripe');
    const session = h.stripe.sessions.get(c.ref);
    if (!session) throw new Error('no session');
    session.amount_total = 100;
    await h.stripe.act(c.ref, 'pay');
    const attempt = await h.until(
      () =>
        h.db.selectFrom('payment_attempts').select('status').where('id', '=', c.attemptId).executeTakeFirstOrThrow(),
      (a) => a.status !== 'open',
    );
    expect(attempt.status).toBe('mismatch');
    expect((await h.invoice(id)).status).toBe('sent');
    expect(await h.payments(id)).toHaveLength(0);
  });

  it('lets nobody pay a paid invoice, another company’s, or an amount they choose', async () => {
    const id = await h.sentInvoice(9700);
    const res = await (await h.as('clientA')).post(`/invoices/${id}/checkout`, { provider: 'stripe', amount: 1 });
    expect(res.status).toBe(201);
    const { provider_ref: ref } = await h.db
      .selectFrom('payment_attempts')
      .select('provider_ref')
      .where('id', '=', res.body.attemptId)
      .executeTakeFirstOrThrow();
    expect(h.stripe.sessions.get(ref as string)?.amount_total).toBe(9700);
    expect((await (await h.as('clientB')).post(`/invoices/${id}/checkout`, { provider: 'stripe' })).status).toBe(404);
    await h.stripe.act(ref as string, 'pay');
    await paid(id);
    expect((await (await h.as('clientA')).post(`/invoices/${id}/checkout`, { provider: 'btcpay' })).status).toBe(409);
    expect((await (await h.as('clientA')).post(`/invoices/${id}/checkout`, { provider: 'paypal' })).status).toBe(400);
  });

  it('shows a failed bank debit as failed and leaves the invoice payable', async () => {
    const id = await h.sentInvoice(1100);
    const c = await h.checkout(id, 'stripe');
    await h.stripe.act(c.ref, 'fail-async');
    const a = await h.until(
      () =>
        h.db.selectFrom('payment_attempts').select('status').where('id', '=', c.attemptId).executeTakeFirstOrThrow(),
      (x) => x.status === 'failed',
    );
    expect(a.status).toBe('failed');
    expect((await h.invoice(id)).status).toBe('sent');
  });
});

describe('Bitcoin payments (BTCPay Greenfield)', () => {
  it('shows processing as processing, then paid once settled', async () => {
    const id = await h.sentInvoice(2500);
    const c = await h.checkout(id, 'btcpay');
    expect(c.testMode).toBe(true);
    const inv = h.btcpay.invoices.get(c.ref);
    expect(inv).toMatchObject({ amount: '25.00', currency: 'USD', metadata: { orderId: id, attemptId: c.attemptId } });
    await h.btcpay.act(c.ref, 'pay');
    const processing = await (await h.as('clientA')).get(`/invoices/${id}/payment-status?attempt=${c.attemptId}`);
    expect(processing.body).toMatchObject({ status: 'sent', attempt: { status: 'processing' } });
    await h.btcpay.act(c.ref, 'confirm');
    await paid(id);
    expect(await h.payments(id)).toMatchObject([{ amount: '2500', kind: 'full' }]);
    // InvoiceCreated carries no money and is not an unmatched payment.
    const health = (await (await h.as('staff')).get('/webhook-health')).body.providers[1];
    expect(health).toMatchObject({ provider: 'btcpay', unmatched: 0, testMode: true });
  });

  it('ends right when "settled" arrives before "processing"', async () => {
    const id = await h.sentInvoice(2600);
    const c = await h.checkout(id, 'btcpay');
    h.btcpay.delivery.mode = { mode: 'reorder' };
    await h.btcpay.act(c.ref, 'pay');
    await h.btcpay.act(c.ref, 'confirm');
    await paid(id);
    expect(await h.payments(id)).toHaveLength(1);
  });

  it('lists what is waiting for payment under status=open: sent and partially paid, not paid, void or drafts', async () => {
    const staff = await h.as('staff');
    const sent = await h.sentInvoice(1100);
    const partial = await h.sentInvoice(1200);
    const p = await h.checkout(partial, 'btcpay');
    await h.btcpay.act(p.ref, 'pay-partial');
    await h.btcpay.act(p.ref, 'expire');
    await h.until(
      () => h.invoice(partial),
      (i) => i.status === 'partially_paid',
    );
    const settled = await h.sentInvoice(1300);
    const s = await h.checkout(settled, 'btcpay');
    await h.btcpay.act(s.ref, 'pay');
    await h.btcpay.act(s.ref, 'confirm');
    await paid(settled);
    const voided = await h.sentInvoice(1400);
    expect((await staff.post(`/invoices/${voided}/void`)).status).toBe(200);
    const draft = await staff.post('/invoices', {
      companyId: h.companyA,
      currency: 'USD',
      dueOn: '2026-12-31',
      lines: [{ description: 'not sent yet', quantity: 1, unitPrice: 1500 }],
    });
    const other = await h.sentInvoice(1600, h.companyB);

    const ids = async (who: 'clientA' | 'staff') =>
      new Set(
        (await (await h.as(who)).get('/invoices?status=open&pageSize=100')).body.items.map((i: { id: string }) => i.id),
      );
    const forClient = await ids('clientA');
    expect([sent, partial].every((id) => forClient.has(id))).toBe(true);
    expect([settled, voided, draft.body.id, other].some((id) => forClient.has(id))).toBe(false);
    const forStaff = await ids('staff');
    expect([sent, partial, other].every((id) => forStaff.has(id))).toBe(true);
    expect([settled, voided, draft.body.id].some((id) => forStaff.has(id))).toBe(false);
    expect((await staff.get('/invoices?status=unpaid')).status).toBe(400);
  });

  it('records partial, over and late payments as what they are', async () => {
    const partial = await h.sentInvoice(3000);
    const p = await h.checkout(partial, 'btcpay');
    await h.btcpay.act(p.ref, 'pay-partial');
    await h.btcpay.act(p.ref, 'expire');
    const pi = await h.until(
      () => h.invoice(partial),
      (i) => i.status === 'partially_paid',
    );
    expect(pi.amount_paid).toBe('1500');
    expect((await h.payments(partial))[0]?.kind).toBe('partial');

    const over = await h.sentInvoice(3000);
    const o = await h.checkout(over, 'btcpay');
    await h.btcpay.act(o.ref, 'overpay');
    await h.btcpay.act(o.ref, 'confirm');
    const oi = await paid(over);
    expect(oi.amount_paid).toBe('3600');
    expect((await h.payments(over))[0]?.kind).toBe('over');

    const late = await h.sentInvoice(3000);
    const l = await h.checkout(late, 'btcpay');
    await h.btcpay.act(l.ref, 'pay-late');
    await paid(late);
    expect((await h.payments(late))[0]?.kind).toBe('late');
  });

  it('deduplicates redeliveries on the original delivery id and refuses a re-serialised body', async () => {
    const id = await h.sentInvoice(2700);
    const c = await h.checkout(id, 'btcpay');
    h.btcpay.delivery.mode = { mode: 'drop' };
    const before = h.btcpay.delivery.log.length;
    await h.btcpay.act(c.ref, 'pay');
    await h.btcpay.act(c.ref, 'confirm');
    h.btcpay.delivery.mode = { mode: 'normal' };
    const settled = h.btcpay.delivery.log.slice(before).find((d) => JSON.parse(d.body).type === 'InvoiceSettled');
    if (!settled) throw new Error('no settled event');
    const post = (body: string, sig: string) => h.postWebhook('btcpay', body, { 'btcpay-sig': sig });
    expect((await post(JSON.stringify(JSON.parse(settled.body)), settled.headers['btcpay-sig'] as string)).status).toBe(
      400,
    );
    expect((await post(settled.body, settled.headers['btcpay-sig'] as string)).status).toBe(200);
    // A redelivery: new deliveryId, same originalDeliveryId, signed by BTCPay.
    const again = JSON.parse(settled.body);
    const redelivery = JSON.stringify({ ...again, deliveryId: 'redelivery-1', isRedelivery: true }, null, 2);
    const { createHmac } = await import('node:crypto');
    const sig = `sha256=${createHmac('sha256', h.btcpay.webhookSecret).update(redelivery).digest('hex')}`;
    const res = await post(redelivery, sig);
    expect(await res.json()).toEqual({ received: true, outcome: 'duplicate' });
    await paid(id);
    expect(await h.payments(id)).toHaveLength(1);
  });
});
