import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingAction, billingPolicy } from './policy.ts';
import { type BillingHarness, setupBilling } from './testing.ts';

// Every billing endpoint × every kind of caller, with the exact expected status. Invoices belong
// to company A; bodies are valid, so access alone decides each cell.

type Who = 'anonymous' | 'clientA' | 'clientB' | 'staff' | 'admin';
const WHO: Who[] = ['anonymous', 'clientA', 'clientB', 'staff', 'admin'];

let h: BillingHarness;
let sent: string;
let draft: string;
let trackedProject: string;
beforeAll(async () => {
  h = await setupBilling();
  // A project of company A with tracked hours, so every allowed call to /invoices/from-project succeeds.
  trackedProject = (
    await h.db
      .insertInto('projects')
      .values({ company_id: h.companyA, name: 'Tracked' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await h.db.insertInto('tasks').values({ project_id: trackedProject, title: 'Work', hours_spent: 1.5 }).execute();
  sent = await h.sentInvoice(1500);
  draft = await h.draftInvoice(100);
});
afterAll(() => h.close());

type Client = Awaited<ReturnType<BillingHarness['as']>>;
const newDraft = () => h.draftInvoice(100);
let paid: { invoiceId: string; paymentId: string } | undefined;
/** One invoice of company A paid by card (made once, on first use). */
async function paidInvoice() {
  if (paid) return paid;
  const invoiceId = await h.sentInvoice(1000);
  await h.payByCard(invoiceId);
  const [payment] = await h.until(
    () => h.payments(invoiceId),
    (p) => p.length === 1,
  );
  if (!payment) throw new Error('the card payment was not recorded');
  paid = { invoiceId, paymentId: payment.id };
  return paid;
}
const line = {
  companyId: '',
  currency: 'USD',
  dueOn: '2026-12-31',
  lines: [{ description: 'x', quantity: 1, unitPrice: 100 }],
};

const cases: Array<{
  name: string;
  /** The policy table's action the row exercises (none for the webhooks, which go by signature). */
  action?: BillingAction;
  call: (c: Client) => Promise<{ status: number }>;
  expect: Record<Who, number>;
}> = [
  {
    name: 'GET /invoices',
    action: 'invoice.list',
    call: (c) => c.get('/invoices'),
    expect: { anonymous: 401, clientA: 200, clientB: 200, staff: 200, admin: 200 },
  },
  {
    name: 'POST /invoices',
    action: 'invoice.create',
    call: (c) => c.post('/invoices', { ...line, companyId: h.companyA }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 201, admin: 201 },
  },
  {
    name: 'POST /invoices/from-project',
    action: 'invoice.create',
    call: (c) => c.post('/invoices/from-project', { projectId: trackedProject, rateMinor: 5_000, currency: 'USD' }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 201, admin: 201 },
  },
  {
    name: 'GET /invoices/{id} (sent)',
    action: 'invoice.read',
    call: (c) => c.get(`/invoices/${sent}`),
    expect: { anonymous: 401, clientA: 200, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'GET /invoices/{id} (draft)',
    action: 'invoice.read',
    call: (c) => c.get(`/invoices/${draft}`),
    expect: { anonymous: 401, clientA: 404, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'POST /invoices/{id}/send',
    action: 'invoice.send',
    call: async (c) => c.post(`/invoices/${await newDraft()}/send`),
    expect: { anonymous: 401, clientA: 404, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'POST /invoices/{id}/void',
    action: 'invoice.void',
    call: async (c) => c.post(`/invoices/${await h.sentInvoice(300)}/void`),
    expect: { anonymous: 401, clientA: 403, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'POST /invoices/{id}/checkout',
    action: 'invoice.pay',
    call: (c) => c.post(`/invoices/${sent}/checkout`, { provider: 'stripe' }),
    expect: { anonymous: 401, clientA: 201, clientB: 404, staff: 201, admin: 201 },
  },
  {
    name: 'GET /invoices/{id}/payment-status',
    action: 'invoice.read',
    call: (c) => c.get(`/invoices/${sent}/payment-status`),
    expect: { anonymous: 401, clientA: 200, clientB: 404, staff: 200, admin: 200 },
  },
  {
    // A card payment of 10.00 to give back a cent of, once per caller allowed to.
    name: 'POST /invoices/{id}/refunds',
    action: 'invoice.refund',
    call: async (c) => {
      const { invoiceId, paymentId } = await paidInvoice();
      return c.post(`/invoices/${invoiceId}/refunds`, { paymentId, amount: 1, note: 'matrix' });
    },
    expect: { anonymous: 401, clientA: 403, clientB: 404, staff: 201, admin: 201 },
  },
  {
    name: 'GET /payments',
    action: 'payment.list',
    call: (c) => c.get('/payments'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /webhook-health',
    action: 'webhooks.health',
    call: (c) => c.get('/webhook-health'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'POST /webhook-health/{provider}/reconcile',
    action: 'webhooks.reconcile',
    call: (c) => c.post('/webhook-health/stripe/reconcile'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /invoices/{id}/pdf',
    action: 'invoice.read',
    call: (c) => c.get(`/invoices/${sent}/pdf`),
    expect: { anonymous: 401, clientA: 200, clientB: 404, staff: 200, admin: 200 },
  },
  // Webhooks authenticate by signature, whoever calls: an unsigned body is refused for everyone.
  {
    name: 'POST /webhooks/stripe (unsigned)',
    call: (c) => c.post('/webhooks/stripe', { id: 'evt_x' }),
    expect: { anonymous: 400, clientA: 400, clientB: 400, staff: 400, admin: 400 },
  },
  {
    name: 'POST /webhooks/btcpay (unsigned)',
    call: (c) => c.post('/webhooks/btcpay', { deliveryId: 'x' }),
    expect: { anonymous: 400, clientA: 400, clientB: 400, staff: 400, admin: 400 },
  },
];

describe('authorization matrix: billing endpoints × callers', () => {
  it("every action of billing's policy table is exercised by a row", () => {
    const tested = new Set(cases.map((c) => c.action));
    expect(Object.keys(billingPolicy.table).filter((a) => !tested.has(a as BillingAction))).toEqual([]);
  });

  for (const cell of cases) {
    it(cell.name, async () => {
      const got: Record<string, number> = {};
      for (const who of WHO) got[who] = (await cell.call(await h.as(who))).status;
      expect(got).toEqual(cell.expect);
    });
  }
});
