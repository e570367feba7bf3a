import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from '../testing.ts';

// An invoice says what its caller may do with it now (`can`), from billing's policy table and the
// invoice's state, so the pages offer only what the server accepts. Each flag is checked against
// what the server then answers to that caller.

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

const none = { send: false, void: false, pay: false, refund: false };

const draftInvoice = () => h.draftInvoice(700);

/** A sent invoice of company A paid in full by card at the Stripe stand-in. */
async function paidInvoice(): Promise<string> {
  const id = await h.sentInvoice(900);
  await h.payByCard(id);
  const paid = await h.untilPaid(id);
  if (paid.status !== 'paid') throw new Error('the card payment was not recorded');
  return id;
}

describe('invoice can flags, per role', () => {
  it('a draft: staff and admin may send or void it; clients do not see it', async () => {
    const id = await draftInvoice();
    for (const who of ['staff', 'admin'] as const) {
      const res = await (await h.as(who)).get(`/invoices/${id}`);
      expect(res.body.can).toEqual({ send: true, void: true, pay: false, refund: false });
    }
    expect((await (await h.as('clientA')).get(`/invoices/${id}`)).status).toBe(404);
    // The create answer carries them too, and sending is then accepted.
    const sent = await (await h.as('staff')).post(`/invoices/${id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body.can).toEqual({ send: false, void: true, pay: true, refund: false });
  });

  it("a sent invoice: its company's client may pay it and nothing else, as the server then answers", async () => {
    const id = await h.sentInvoice(1200);
    const clientA = await h.as('clientA');
    const seen = await clientA.get(`/invoices/${id}`);
    expect(seen.body.can).toEqual({ send: false, void: false, pay: true, refund: false });
    const listed = await clientA.get('/invoices');
    expect(listed.body.items.find((i: { id: string }) => i.id === id).can).toEqual(seen.body.can);
    expect((await clientA.post(`/invoices/${id}/void`)).status).toBe(403);
    expect((await clientA.post(`/invoices/${id}/checkout`, { provider: 'stripe' })).status).toBe(201);
    for (const who of ['staff', 'admin'] as const) {
      const res = await (await h.as(who)).get(`/invoices/${id}`);
      expect(res.body.can).toEqual({ send: false, void: true, pay: true, refund: false });
    }
    // Another company's client is not shown it at all.
    expect((await (await h.as('clientB')).get(`/invoices/${id}`)).status).toBe(404);
  });

  it('a paid invoice: staff may refund it, not void it; the client may do nothing more', async () => {
    const id = await paidInvoice();
    const staff = await h.as('staff');
    const asStaff = await staff.get(`/invoices/${id}`);
    expect(asStaff.body.can).toEqual({ send: false, void: false, pay: false, refund: true });
    expect((await staff.post(`/invoices/${id}/void`)).status).toBe(409);
    expect((await (await h.as('admin')).get(`/invoices/${id}`)).body.can).toEqual(asStaff.body.can);
    const asClient = await (await h.as('clientA')).get(`/invoices/${id}`);
    expect(asClient.body.can).toEqual(none);
    expect((await (await h.as('clientA')).post(`/invoices/${id}/checkout`, { provider: 'stripe' })).status).toBe(409);
  });

  it('a void invoice offers nothing to anyone', async () => {
    const id = await h.sentInvoice(400);
    expect((await (await h.as('staff')).post(`/invoices/${id}/void`)).body.can).toEqual(none);
    for (const who of ['clientA', 'admin'] as const) {
      expect((await (await h.as(who)).get(`/invoices/${id}`)).body.can).toEqual(none);
    }
  });

  it('the OpenAPI document declares the flags on every invoice', async () => {
    const doc = await (await h.as('anonymous')).get('/openapi.json');
    const invoice = doc.body.components.schemas.Invoice;
    expect(invoice.required).toContain('can');
    expect(Object.keys(doc.body.components.schemas.InvoiceCan.properties).sort()).toEqual([
      'pay',
      'refund',
      'send',
      'void',
    ]);
  });
});
