import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from '../testing.ts';

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

const year = new Date().getUTCFullYear();

describe('invoices', () => {
  it('creates a draft with totals in minor units, then sends it with the next number and mails the contacts', async () => {
    const staff = await h.as('staff');
    const res = await staff.post('/invoices', {
      companyId: h.companyA,
      currency: 'eur',
      taxRate: 20,
      dueOn: '2026-12-31',
      notes: 'Thank you',
      lines: [
        { description: 'Development', quantity: 1.5, unitPrice: 9_999 },
        { description: 'Hosting', quantity: 3, unitPrice: 1_234 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      number: null,
      currency: 'EUR',
      subtotal: 18_701,
      tax: 3_740,
      total: 22_441,
      amountDue: 22_441,
    });
    expect(res.body.lines).toEqual([
      { description: 'Development', quantity: 1.5, unitPrice: 9_999, amount: 14_999 },
      { description: 'Hosting', quantity: 3, unitPrice: 1_234, amount: 3_702 },
    ]);
    const sent = await staff.post(`/invoices/${res.body.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect(sent.body.number).toMatch(new RegExp(`^${year}-\\d{4}$`));
    expect((await staff.post(`/invoices/${res.body.id}/send`)).status).toBe(409);
    const mail = await h.until(
      async () =>
        h.mailer.mailbox?.list().find((m) => m.to === 'pay@acme.test' && m.subject.includes(sent.body.number)),
      (m) => !!m,
    );
    expect(mail?.subject).toBe(`Invoice ${sent.body.number} from Coppertone: 224.41 EUR`);
    expect(mail?.text).toContain(`https://portal.coppertone.test/portal/invoices/${res.body.id}`);
  });

  it('numbers invoices sent concurrently without gaps or twins', async () => {
    const staff = await h.as('staff');
    const ids = await Promise.all(
      Array.from(
        { length: 6 },
        async () =>
          (
            await staff.post('/invoices', {
              companyId: h.companyB,
              currency: 'USD',
              dueOn: '2026-12-31',
              lines: [{ description: 'x', quantity: 1, unitPrice: 100 }],
            })
          ).body.id as string,
      ),
    );
    const sent = await Promise.all(ids.map((id) => staff.post(`/invoices/${id}/send`)));
    const all = (await h.db.selectFrom('invoices').select('number').where('number', 'is not', null).execute())
      .map((r) => Number((r.number as string).split('-')[1]))
      .sort((a, b) => a - b);
    expect(sent.every((s) => s.status === 200)).toBe(true);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it('refuses invalid invoices with 400 naming the field, storing nothing', async () => {
    const staff = await h.as('staff');
    const before = (
      await h.db
        .selectFrom('invoices')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const base = {
      companyId: h.companyA,
      currency: 'USD',
      dueOn: '2026-12-31',
      lines: [{ description: 'x', quantity: 1, unitPrice: 100 }],
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ lines: [{ description: 'x', quantity: -1, unitPrice: 100 }] }, 'lines.0.quantity'],
      [{ lines: [] }, 'lines'],
      [{ lines: [{ description: 'x', quantity: 1, unitPrice: 10.5 }] }, 'lines.0.unitPrice'],
      [{ lines: [{ description: 'x', quantity: 1.0001, unitPrice: 100 }] }, 'lines.0.quantity'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ dueOn: '2026-02-30' }, 'dueOn'],
      [{ taxRate: 150 }, 'taxRate'],
      [{ lines: [{ description: 'x', quantity: 1, unitPrice: 0 }] }, 'lines'],
      [{ companyId: '00000000-0000-4000-8000-000000000000' }, 'companyId'],
    ];
    for (const [patch, field] of cases) {
      const res = await staff.post('/invoices', { ...base, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(Object.keys(res.body.error.fields), JSON.stringify(patch)).toContain(field);
    }
    expect(
      (
        await h.db
          .selectFrom('invoices')
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(before);
  });

  it("shows clients their company's sent invoices only — drafts and others' are not found", async () => {
    const staff = await h.as('staff');
    const draft = (
      await staff.post('/invoices', {
        companyId: h.companyA,
        currency: 'USD',
        dueOn: '2026-12-31',
        lines: [{ description: 'draft', quantity: 1, unitPrice: 100 }],
      })
    ).body.id;
    const sentA = await h.sentInvoice(700);
    const sentB = await h.sentInvoice(800, h.companyB);
    const client = await h.as('clientA');
    const list = await client.get('/invoices?pageSize=100');
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(sentA);
    expect(ids).not.toContain(draft);
    expect(ids).not.toContain(sentB);
    expect(list.body.items.every((i: { companyId: string }) => i.companyId === h.companyA)).toBe(true);
    expect((await client.get(`/invoices/${draft}`)).status).toBe(404);
    expect((await client.get(`/invoices/${sentB}`)).status).toBe(404);
    expect((await client.get(`/invoices/${sentA}`)).body.amountDue).toBe(700);
  });

  it('downloads the invoice as a PDF, for its company and staff only', async () => {
    const id = await h.sentInvoice(12_345);
    const res = await fetch(`${h.server.url}/invoices/${id}/pdf`, {
      headers: { cookie: `cp_session=${(await h.as('clientA')).cookies.get('cp_session')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice-\d{4}-\d{4}\.pdf"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);
    expect((await (await h.as('clientB')).get(`/invoices/${id}/pdf`)).status).toBe(404);
    expect((await (await h.as('anonymous')).get(`/invoices/${id}/pdf`)).status).toBe(401);
  });

  it('voids an unpaid invoice, which then cannot be paid', async () => {
    const id = await h.sentInvoice(900);
    const staff = await h.as('staff');
    expect((await staff.post(`/invoices/${id}/void`)).body.status).toBe('void');
    const pay = await (await h.as('clientA')).post(`/invoices/${id}/checkout`, { provider: 'stripe' });
    expect(pay.status).toBe(409);
  });
});
