import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileOnce } from './payments/reconcile.ts';
import { type BillingHarness, setupBilling } from './testing.ts';

// The invoice list is answered from the read cache; a payment must show on the next read however it
// was recorded: a webhook (a write through the API) or the reconciler (outside any request).
let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

async function cachedList() {
  const client = await h.as('clientA');
  await client.get('/invoices');
  const again = await client.get('/invoices');
  expect(again.headers.get('x-cache')).toBe('hit');
  return client;
}
const statusIn = (list: { body: { items: Array<{ id: string; status: string }> } }, id: string) =>
  list.body.items.find((i) => i.id === id)?.status;

describe('cached invoice list', () => {
  it('shows an invoice paid by webhook on the next read', async () => {
    const id = await h.sentInvoice(4200);
    const client = await cachedList();
    await h.payByCard(id);
    await h.untilPaid(id);
    expect(statusIn(await client.get('/invoices'), id)).toBe('paid');
  });

  it('shows an invoice the reconciler found paid (no webhook arrived) on the next read', async () => {
    const id = await h.sentInvoice(4300);
    h.stripe.delivery.mode = { mode: 'drop' };
    try {
      await h.payByCard(id);
      const client = await cachedList();
      expect(statusIn(await client.get('/invoices'), id)).toBe('sent');
      await reconcileOnce(h.deps, h.log);
      expect((await h.invoice(id)).status).toBe('paid');
      const after = await client.get('/invoices');
      expect(after.headers.get('x-cache')).toBeNull();
      expect(statusIn(after, id)).toBe('paid');
    } finally {
      h.stripe.delivery.mode = { mode: 'normal' };
    }
  });

  it('keeps each company to its own invoices for the same URL', async () => {
    const a = await h.sentInvoice(1000, h.companyA);
    const b = await h.sentInvoice(1000, h.companyB);
    const clientA = await h.as('clientA');
    const clientB = await h.as('clientB');
    for (let i = 0; i < 2; i++) {
      const ids = (await clientA.get('/invoices')).body.items.map((x: { id: string }) => x.id);
      expect(ids).toContain(a);
      expect(ids).not.toContain(b);
      const idsB = (await clientB.get('/invoices')).body.items.map((x: { id: string }) => x.id);
      expect(idsB).toContain(b);
      expect(idsB).not.toContain(a);
    }
    expect((await clientB.get(`/invoices/${a}`)).status).toBe(404);
  });
});
