import { INVOICE_LIMITS } from '@coppertone/contracts';
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
      // Regressions: each of these was a 500 (the CHECK on quantity, bigint overflow, RangeError, year 0).
      [{ lines: [{ description: 'x', quantity: 1e-10, unitPrice: 100 }] }, 'lines.0.quantity'],
      [{ lines: [{ description: 'x', quantity: 0.0004, unitPrice: 100 }] }, 'lines.0.quantity'],
      [{ lines: [{ description: 'x', quantity: 999_999_999, unitPrice: 100 }] }, 'lines.0.quantity'],
      [{ lines: [{ description: 'x', quantity: 1, unitPrice: 999_999_999_999 }] }, 'lines.0.unitPrice'],
      [
        { lines: [{ description: 'x', quantity: 1_000_000, unitPrice: INVOICE_LIMITS.maxUnitPrice }] },
        'lines.0.unitPrice',
      ],
      [
        {
          lines: Array.from({ length: 200 }, () => ({
            description: 'x',
            quantity: 999,
            unitPrice: INVOICE_LIMITS.maxUnitPrice,
          })),
        },
        'lines',
      ],
      [
        {
          // 200 lines of the largest quantity × price: 2e19 cents overflowed bigint.
          lines: Array.from({ length: 200 }, () => ({
            description: 'x',
            quantity: 1_000_000,
            unitPrice: INVOICE_LIMITS.maxUnitPrice,
          })),
        },
        'lines.199.unitPrice',
      ],
      [{ dueOn: '2027-13-01' }, 'dueOn'],
      [{ dueOn: '0000-01-01' }, 'dueOn'],
      [{ dueOn: '0001-01-01' }, 'dueOn'],
      [{ dueOn: '2001-13-45' }, 'dueOn'],
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

  it('stores the largest invoice the limits allow, every figure exact', async () => {
    const staff = await h.as('staff');
    // 999 × 1,000,000,000.00 = 99,900,000,000,000 cents: under the limit of 99,999,999,999,999.
    const res = await staff.post('/invoices', {
      companyId: h.companyA,
      currency: 'USD',
      dueOn: '2027-01-31',
      lines: [{ description: 'Big', quantity: 999, unitPrice: INVOICE_LIMITS.maxUnitPrice }],
    });
    expect(res.status).toBe(201);
    expect(res.body.total).toBe(99_900_000_000_000);
    const over = await staff.post('/invoices', {
      companyId: h.companyA,
      currency: 'USD',
      taxRate: 1,
      dueOn: '2027-01-31',
      lines: [{ description: 'Big', quantity: 999, unitPrice: INVOICE_LIMITS.maxUnitPrice }],
    });
    expect(over.status).toBe(400);
    expect(over.body.error.fields.lines).toBe('The invoice total must be at most 999,999,999,999.99 USD');
  });

  it('refuses to send to a company nobody can be mailed at, and says who was mailed otherwise', async () => {
    const staff = await h.as('staff');
    const lonely = await h.db
      .insertInto('companies')
      .values({ name: 'Nobody Home Ltd' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const draft = await staff.post('/invoices', {
      companyId: lonely.id,
      currency: 'USD',
      dueOn: '2027-01-31',
      lines: [{ description: 'x', quantity: 1, unitPrice: 100 }],
    });
    const refused = await staff.post(`/invoices/${draft.body.id}/send`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/^Nobody Home Ltd has no contacts/);
    // Still a draft without a number: nothing claimed to be sent.
    expect((await staff.get(`/invoices/${draft.body.id}`)).body).toMatchObject({ status: 'draft', number: null });

    const other = await staff.post('/invoices', {
      companyId: h.companyB,
      currency: 'USD',
      dueOn: '2027-01-31',
      lines: [{ description: 'x', quantity: 1, unitPrice: 100 }],
    });
    const sent = await staff.post(`/invoices/${other.body.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body.mailedTo).toEqual([expect.objectContaining({ email: 'pay@beta.test' })]);
  });

  it('lists open invoices past their due date as overdue, for staff and the client', async () => {
    const staff = await h.as('staff');
    const make = async (dueOn: string) => {
      const res = await staff.post('/invoices', {
        companyId: h.companyA,
        currency: 'USD',
        dueOn,
        lines: [{ description: 'x', quantity: 1, unitPrice: 100 }],
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    // A past due date is accepted (the form warns first); it is overdue once sent.
    const past = await make('2001-01-01');
    const future = await make('2099-12-31');
    const draftPast = await make('2001-01-02');
    for (const id of [past, future]) expect((await staff.post(`/invoices/${id}/send`)).status).toBe(200);
    for (const who of ['staff', 'clientA'] as const) {
      const list = await (await h.as(who)).get('/invoices?status=overdue&pageSize=100');
      expect(list.status).toBe(200);
      const ids = list.body.items.map((i: { id: string }) => i.id);
      expect(ids, who).toContain(past);
      expect(ids, who).not.toContain(future);
      expect(ids, who).not.toContain(draftPast);
    }
    expect((await (await h.as('clientB')).get('/invoices?status=overdue')).body.items).toEqual([]);
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
