import type { Provider } from '@coppertone/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from '../testing.ts';
import { reconcileOnce } from './reconcile.ts';

// Issue 12 §1: an invoice can never be paid twice. Two checkouts of one invoice, in every order of
// providers; the second paid before and after the first's webhooks arrive; the first paid at the
// provider before the second was started; and money that lands on a closed checkout after all.

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());
beforeEach(() => h.deliverNormally());

const fake = (p: Provider) => (p === 'stripe' ? h.stripe : h.btcpay);

/** Pays at the provider as a payer would (BTCPay: paid, then confirmed by the network). */
async function pay(c: { ref: string; provider: Provider }) {
  if (c.provider === 'stripe') return (await h.stripe.act(c.ref, 'pay')).status;
  await h.btcpay.act(c.ref, 'pay');
  return (await h.btcpay.act(c.ref, 'confirm')).status;
}

/** Holds a provider's webhooks (delivered later by `release`), as a slow or lost delivery would. */
function hold(p: Provider) {
  const from = fake(p).delivery.log.length;
  fake(p).delivery.mode = { mode: 'drop' };
  return async () => {
    fake(p).delivery.mode = { mode: 'normal' };
    const log = fake(p).delivery.log;
    for (let i = from; i < log.length; i++)
      if (log[i]?.status === 'dropped') expect(await fake(p).delivery.redeliver(i)).toBe(200);
  };
}

const attemptStatus = async (id: string) =>
  (await h.db.selectFrom('payment_attempts').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

const PAIRS: Array<[Provider, Provider]> = [
  ['stripe', 'stripe'],
  ['stripe', 'btcpay'],
  ['btcpay', 'stripe'],
  ['btcpay', 'btcpay'],
];
const label = (p: Provider) => (p === 'stripe' ? 'card' : 'Bitcoin');

describe('two checkouts of one invoice', () => {
  for (const [first, second] of PAIRS) {
    for (const when of ['before', 'after'] as const) {
      it(`${label(first)} then ${label(second)}, the second paid ${when} the first's webhooks: paid once, the first closed at its provider`, async () => {
        const id = await h.sentInvoice(2280_00);
        const release = hold(first);
        const c1 = await h.checkout(id, first);
        const c2 = await h.checkout(id, second);
        // Starting the second ended the first at its provider.
        if (first === 'stripe') expect(h.stripe.sessions.get(c1.ref)?.status).toBe('expired');
        else expect(h.btcpay.invoices.get(c1.ref)).toMatchObject({ status: 'Invalid', additionalStatus: 'Marked' });
        expect(await attemptStatus(c1.attemptId)).toBe('expired');

        if (when === 'after') await release();
        await pay(c2);
        // The payer comes back to the return page (the webhook may be held when both are one provider).
        const back = await (await h.as('clientA')).get(`/invoices/${id}/payment-status?attempt=${c2.attemptId}`);
        expect(back.body.status).toBe('paid');
        if (when === 'before') await release();

        // The old checkout link takes no payment; the reconciler finds nothing more.
        expect(await pay(c1)).toBe(first === 'stripe' ? 'expired' : 'Invalid');
        await reconcileOnce(h.deps, h.log);
        const inv = await h.invoice(id);
        expect(inv).toMatchObject({ status: 'paid', amount_paid: '228000' });
        const payments = await h.payments(id);
        expect(payments).toHaveLength(1);
        expect(payments[0]).toMatchObject({ attempt_id: c2.attemptId, amount: '228000', kind: 'full' });
        expect(await attemptStatus(c1.attemptId)).toBe('expired');
      });
    }

    it(`${label(first)} paid at the provider before ${label(second)} is started, its webhook not in yet: recorded, the second refused`, async () => {
      const id = await h.sentInvoice(1900_00);
      const release = hold(first);
      const c1 = await h.checkout(id, first);
      await pay(c1);
      const res = await (await h.as('clientA')).post(`/invoices/${id}/checkout`, { provider: second });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('This invoice is already paid.');
      expect(await h.payments(id)).toMatchObject([{ attempt_id: c1.attemptId, amount: '190000', source: 'checkout' }]);
      await release();
      expect(await h.invoice(id)).toMatchObject({ status: 'paid', amount_paid: '190000' });
      expect(await h.payments(id)).toHaveLength(1);
      expect(
        await h.db.selectFrom('payment_attempts').where('invoice_id', '=', id).select('id').execute(),
      ).toHaveLength(1);
    });
  }

  it('five checkouts started at once leave at most one that can be paid', async () => {
    const id = await h.sentInvoice(880_00);
    const client = await h.as('clientA');
    const providers: Provider[] = ['stripe', 'btcpay', 'stripe', 'btcpay', 'stripe'];
    const answers = await Promise.all(
      providers.map((provider) => client.post(`/invoices/${id}/checkout`, { provider })),
    );
    // Each either opened (and may have been ended by a later one) or was told to try again.
    for (const a of answers) expect([201, 409]).toContain(a.status);
    expect(answers.some((a) => a.status === 201)).toBe(true);
    const attempts = await h.db
      .selectFrom('payment_attempts')
      .select(['provider', 'provider_ref'])
      .where('invoice_id', '=', id)
      .execute();
    const payable = attempts.filter((a) =>
      a.provider === 'stripe'
        ? h.stripe.sessions.get(a.provider_ref as string)?.status === 'open'
        : h.btcpay.invoices.get(a.provider_ref as string)?.status === 'New',
    );
    expect(payable.length).toBeLessThanOrEqual(1);
  });

  it('refuses a new checkout while a Bitcoin payment of the invoice is being confirmed, then records it', async () => {
    const id = await h.sentInvoice(700_00);
    const c1 = await h.checkout(id, 'btcpay');
    await h.btcpay.act(c1.ref, 'pay');
    const res = await (await h.as('clientA')).post(`/invoices/${id}/checkout`, { provider: 'stripe' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/being confirmed/);
    expect(h.btcpay.invoices.get(c1.ref)?.status).toBe('Processing');
    await h.btcpay.act(c1.ref, 'confirm');
    expect(await h.untilPaid(id)).toMatchObject({ status: 'paid', amount_paid: '70000' });
  });

  it('a paid invoice ends every checkout still open: Bitcoin broadcast to a closed checkout lands, the card link expires', async () => {
    const id = await h.sentInvoice(310_00);
    const btc = await h.checkout(id, 'btcpay');
    const card = await h.checkout(id, 'stripe');
    // The transaction was already on its way when the card checkout closed the BTCPay invoice.
    await h.btcpay.act(btc.ref, 'pay-invalidated');
    expect(await h.untilPaid(id)).toMatchObject({ amount_paid: '31000' });
    // Recording it ended the card checkout at Stripe: its page takes no payment.
    expect(h.stripe.sessions.get(card.ref)?.status).toBe('expired');
    expect(await pay(card)).toBe('expired');
    expect(await attemptStatus(card.attemptId)).toBe('expired');
    expect(await h.payments(id)).toMatchObject([{ provider: 'btcpay', amount: '31000', kind: 'late' }]);
  });
});

describe('money that lands after all', () => {
  it('Bitcoin broadcast to a closed checkout, after the card paid: recorded, Overpaid — refund due, staff mailed, refunded through BTCPay', async () => {
    const id = await h.sentInvoice(2280_00);
    const btc = await h.checkout(id, 'btcpay');
    const card = await h.checkout(id, 'stripe');
    await pay(card);
    await h.untilPaid(id);
    // The transaction was already on its way when the BTCPay invoice was marked invalid.
    await h.btcpay.act(btc.ref, 'pay-invalidated');
    const inv = await h.until(
      () => h.invoice(id),
      (i) => i.status === 'overpaid',
    );
    expect(inv).toMatchObject({ status: 'overpaid', amount_paid: '456000', total: '228000' });
    const payments = await h.payments(id);
    expect(payments.map((p) => [p.provider, p.amount, p.kind]).sort()).toEqual([
      ['btcpay', '228000', 'late'],
      ['stripe', '228000', 'full'],
    ]);

    const staff = await h.as('staff');
    const client = await h.as('clientA');
    expect((await client.get(`/invoices/${id}`)).body).toMatchObject({ status: 'overpaid', amountDue: 0 });
    const health = (await staff.get('/webhook-health')).body.providers;
    expect(health.find((p: { provider: string }) => p.provider === 'btcpay').overpaid).toBeGreaterThanOrEqual(1);
    const mails = await h.until(
      async () => h.mailer.mailbox?.list().filter((m) => m.subject.includes('Overpaid')) ?? [],
      (m) => m.length >= 2,
      // The queue works through every invoice mail of this file first (slowest on PGlite).
      30_000,
    );
    expect(mails.map((m) => m.to).sort()).toEqual(['billing@coppertone.test', 'owner@coppertone.test']);
    expect(mails[0]?.subject).toContain('refund due');

    // Staff refund the Bitcoin payment: a BTCPay refund (pull payment) the client claims.
    const btcPayment = payments.find((p) => p.provider === 'btcpay');
    const refund = await staff.post(`/invoices/${id}/refunds`, {
      paymentId: btcPayment?.id,
      amount: 228000,
      note: 'Paid twice',
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body).toMatchObject({ status: 'succeeded' });
    expect(refund.body.claimUrl).toBe(h.btcpay.pullPayments.at(-1)?.viewLink);
    expect(h.btcpay.pullPayments.at(-1)).toMatchObject({ invoiceId: btc.ref, amount: '2280.00', currency: 'USD' });
    const after = (await client.get(`/invoices/${id}`)).body;
    expect(after).toMatchObject({ status: 'paid', amountPaid: 228000, amountDue: 0 });
    expect(after.refunds).toMatchObject([
      { amount: 228000, provider: 'btcpay', status: 'succeeded', note: 'Paid twice' },
    ]);
    // Every cent explained: payments less refunds is what the invoice says was paid.
    expect(456000 - 228000).toBe(after.amountPaid);

    // Nothing more can be given back than was paid.
    const again = await staff.post(`/invoices/${id}/refunds`, { paymentId: btcPayment?.id, amount: 1 });
    expect(again.status).toBe(400);
    expect(again.body.error.fields).toHaveProperty('amount');
  });

  it('refunds a card overpayment through the Stripe Refunds API, once', async () => {
    const id = await h.sentInvoice(120_00);
    const btc = await h.checkout(id, 'btcpay');
    const card = await h.checkout(id, 'stripe');
    await pay(card);
    await h.btcpay.act(btc.ref, 'pay-invalidated');
    await h.until(
      () => h.invoice(id),
      (i) => i.status === 'overpaid',
    );
    const cardPayment = (await h.payments(id)).find((p) => p.provider === 'stripe');
    const staff = await h.as('staff');
    const before = h.stripe.refunds.length;
    const [a, b] = await Promise.all([
      staff.post(`/invoices/${id}/refunds`, { paymentId: cardPayment?.id, amount: 12000 }),
      staff.post(`/invoices/${id}/refunds`, { paymentId: cardPayment?.id, amount: 12000 }),
    ]);
    // Two staff at once: one refund goes through, the other is refused as more than is left.
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    expect(h.stripe.refunds.slice(before)).toMatchObject([
      { amount: 12000, payment_intent: h.stripe.sessions.get(card.ref)?.payment_intent, status: 'succeeded' },
    ]);
    expect(await h.invoice(id)).toMatchObject({ status: 'paid', amount_paid: '12000' });
    const refunds = await h.db.selectFrom('refunds').selectAll().where('invoice_id', '=', id).execute();
    expect(refunds).toMatchObject([{ provider: 'stripe', amount: '12000', status: 'succeeded' }]);
    expect(refunds[0]?.provider_ref).toBe(h.stripe.refunds.at(-1)?.id);
  });
});
