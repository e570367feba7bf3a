import { describe, expect, it } from 'vitest';
import { formatMoney } from '#lib/money.ts';
import { checkDraft, draftTotals, dueInPast, type InvoiceDraft, limitProblems, toRequest } from './invoice-form.ts';

const TODAY = '2026-12-01';

const draft = (over: Partial<InvoiceDraft> = {}): InvoiceDraft => ({
  companyId: '0b8a3c4e-1111-4c4c-8888-123456789012',
  currency: 'USD',
  taxRate: '20',
  dueOn: '2026-12-31',
  pastDueConfirmed: false,
  notes: '',
  lines: [
    { key: 1, description: 'Design', quantity: '1.5', unitPrice: '0.10' },
    { key: 2, description: 'Build', quantity: '3', unitPrice: '0.20' },
  ],
  ...over,
});

const line = (quantity: string, unitPrice: string) => ({ key: 1, description: 'Work', quantity, unitPrice });

describe('create-invoice form', () => {
  it('totals in integer minor units', () => {
    const t = draftTotals(draft());
    expect(t.lines).toEqual([15n, 60n]);
    expect(t.subtotal).toBe(75n);
    expect(t.tax).toBe(15n);
    expect(t.total).toBe(90n);
  });
  it('sends minor units, the quantity and the percent', () => {
    expect(toRequest(draft())).toEqual({
      companyId: '0b8a3c4e-1111-4c4c-8888-123456789012',
      currency: 'USD',
      taxRate: 20,
      dueOn: '2026-12-31',
      notes: '',
      lines: [
        { description: 'Design', quantity: 1.5, unitPrice: 10 },
        { description: 'Build', quantity: 3, unitPrice: 20 },
      ],
    });
    expect(toRequest(draft({ taxRate: '7.25' })).taxRate).toBe(7.25);
  });
  it('names each bad field with the server’s keys', () => {
    const errors = checkDraft(
      draft({ companyId: '', taxRate: 'x', lines: [{ key: 1, description: ' ', quantity: '0', unitPrice: '1.2345' }] }),
      TODAY,
    );
    expect(Object.keys(errors).sort()).toEqual(
      ['companyId', 'lines.0.description', 'lines.0.quantity', 'lines.0.unitPrice', 'taxRate'].sort(),
    );
    expect(checkDraft(draft(), TODAY)).toEqual({});
    expect(checkDraft(draft({ lines: [] }), TODAY).lines).toBeDefined();
    expect(checkDraft(draft({ lines: [line('1', '0')] }), TODAY).lines).toMatch(/more than 0/);
  });
});

describe('typed amounts', () => {
  it('reads 12,50 as 12.50, never as 1,250.00', () => {
    // Regression: the comma was dropped and 12,50 was saved as $1,250.00.
    const d = draft({ taxRate: '0', lines: [line('1', '12,50')] });
    expect(checkDraft(d, TODAY)).toEqual({});
    expect(toRequest(d).lines[0]?.unitPrice).toBe(1250);
    expect(toRequest(draft({ lines: [line('1', '1.250,00')] })).lines[0]?.unitPrice).toBe(125_000);
    expect(toRequest(draft({ lines: [line('1,5', '1 250,50')] })).lines[0]).toMatchObject({
      quantity: 1.5,
      unitPrice: 125_050,
    });
  });
  it('refuses an ambiguous 1,250 with how to write it', () => {
    expect(checkDraft(draft({ lines: [line('1', '1,250')] }), TODAY)['lines.0.unitPrice']).toBe(
      '“1,250” is ambiguous: write 1250 or 1.25',
    );
  });
  it('gives examples in the currency’s own form', () => {
    expect(checkDraft(draft({ currency: 'JPY', lines: [line('1', '120.5')] }), TODAY)['lines.0.unitPrice']).toBe(
      'JPY has no decimals: write an amount like 120',
    );
    expect(checkDraft(draft({ currency: 'JPY', lines: [line('1', '1,250')] }), TODAY)).toEqual({});
    expect(checkDraft(draft({ lines: [line('1', '')] }), TODAY)['lines.0.unitPrice']).toMatch(/like 120\.00$/);
  });
});

describe('limits, as the server has them', () => {
  it('shows a figure, never $NaN, and names what is over the limit', () => {
    // Regression: 999999999 × 999999999999 made the preview read "$NaN" and the server answer 500.
    const d = draft({ lines: [line('999999999', '999999999999')] });
    const errors = checkDraft(d, TODAY);
    expect(errors['lines.0.quantity']).toBe('Quantity must be at most 1,000,000');
    expect(errors['lines.0.unitPrice']).toBe('Unit price must be at most 1,000,000,000.00 USD');
    expect(formatMoney(draftTotals(d).total, 'USD')).not.toMatch(/NaN/);
    const huge = draft({ taxRate: '0', lines: [line('999999', '999999999')] });
    expect(formatMoney(draftTotals(huge).total, 'USD')).toBe('$999,998,999,000,001.00');
    expect(limitProblems(huge)).toEqual({
      'lines.0.unitPrice': 'Quantity × unit price must be at most 999,999,999,999.99 USD',
    });
    const big = draft({ lines: [line('1000000', '1000000000')] });
    expect(limitProblems(big)).toEqual({
      'lines.0.unitPrice': 'Quantity × unit price must be at most 999,999,999,999.99 USD',
    });
    expect(checkDraft(big, TODAY)['lines.0.unitPrice']).toMatch(/at most 999,999,999,999\.99 USD/);
    const many = draft({
      taxRate: '0',
      lines: Array.from({ length: 200 }, (_, i) => ({ ...line('999', '1000000000'), key: i })),
    });
    expect(checkDraft(many, TODAY).lines).toBe('The invoice total must be at most 999,999,999,999.99 USD');
  });
  it('refuses a quantity that would round to zero', () => {
    expect(checkDraft(draft({ lines: [line('0.0001', '10')] }), TODAY)['lines.0.quantity']).toBe(
      'Quantity takes at most three decimals',
    );
  });
});

describe('due date', () => {
  it('refuses impossible dates and absurd years like the server', () => {
    expect(checkDraft(draft({ dueOn: '0001-01-01' }), TODAY).dueOn).toBe('Due date must be in the years 2000 to 2100');
    expect(checkDraft(draft({ dueOn: '' }), TODAY).dueOn).toBe('Choose a due date');
  });
  it('keeps a past due date only once the person confirms it', () => {
    const past = draft({ dueOn: '2026-11-30' });
    expect(dueInPast(past, TODAY)).toBe(true);
    expect(dueInPast(draft({ dueOn: TODAY }), TODAY)).toBe(false);
    expect(checkDraft(past, TODAY).dueOn).toMatch(/has passed/);
    expect(checkDraft({ ...past, pastDueConfirmed: true }, TODAY)).toEqual({});
  });
});
