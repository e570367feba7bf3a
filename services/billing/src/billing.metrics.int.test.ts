import { readMetric } from '@coppertone/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from './testing.ts';

// The business and webhook metrics the dashboards and alerts read (deploy/monitoring/README.md).

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

const metric = (name: string, labels: Record<string, string> = {}) => readMetric(h.metrics, name, labels);
const scrape = async () => (await fetch(`${h.server.url}/metrics`)).text();

describe('billing metrics', () => {
  it('counts a webhook with a bad signature as invalid_signature', async () => {
    const invalid = { provider: 'stripe', outcome: 'invalid_signature' };
    const before = await metric('payment_webhooks_total', invalid);
    const res = await fetch(`${h.server.url}/webhooks/stripe`, {
      method: 'POST',
      body: JSON.stringify({ id: 'evt_forged', type: 'checkout.session.completed' }),
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
    });
    expect(res.status).toBe(400);
    expect(await metric('payment_webhooks_total', invalid)).toBe(before + 1);
    expect(await scrape()).toContain('payment_webhooks_total{provider="stripe",outcome="invalid_signature"}');
  });

  it('a sent invoice, its checkout and its payment move invoices, checkouts_awaiting_answer and payments_received', async () => {
    const sentBefore = await metric('invoices', { status: 'sent' });
    const paidBefore = await metric('invoices', { status: 'paid' });
    const paymentsBefore = await metric('payments_received_total', { provider: 'stripe' });
    const minorBefore = await metric('payments_received_minor_total', { provider: 'stripe', currency: 'USD' });
    const processedBefore = await metric('payment_webhooks_total', { provider: 'stripe', outcome: 'processed' });

    const id = await h.sentInvoice(1900);
    expect(await metric('invoices', { status: 'sent' })).toBe(sentBefore + 1);
    const waitingBefore = await metric('checkouts_awaiting_answer', { provider: 'stripe' });
    const { ref } = await h.checkout(id, 'stripe');
    expect(await metric('checkouts_awaiting_answer', { provider: 'stripe' })).toBe(waitingBefore + 1);

    await h.stripe.act(ref, 'pay');
    await h.untilPaid(id);
    expect(await metric('invoices', { status: 'paid' })).toBe(paidBefore + 1);
    expect(await metric('invoices', { status: 'sent' })).toBe(sentBefore);
    expect(await metric('checkouts_awaiting_answer', { provider: 'stripe' })).toBe(waitingBefore);
    expect(await metric('payments_received_total', { provider: 'stripe' })).toBe(paymentsBefore + 1);
    expect(await metric('payments_received_minor_total', { provider: 'stripe', currency: 'USD' })).toBe(
      minorBefore + 1900,
    );
    expect(await metric('payment_webhooks_total', { provider: 'stripe', outcome: 'processed' })).toBeGreaterThan(
      processedBefore,
    );
  });

  it('shows no metric of another function (each family only where it is owned)', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE invoices gauge');
    expect(text).not.toContain('contact_outbox_pending');
    expect(text).not.toContain('users_registered_total');
  });
});
