import { describe, expect, it } from 'vitest';
import { checkDraft, draftTotals, type InvoiceDraft, toRequest } from './invoice-form.ts';

const draft = (over: Partial<InvoiceDraft> = {}): InvoiceDraft => ({
  companyId: '0b8a3c4e-1111-4c4c-8888-123456789012',
  currency: 'USD',
  taxRate: '20',
  dueOn: '2026-12-31',
  notes: '',
  lines: [
    { key: 1, description: 'Design', quantity: '1.5', unitPrice: '0.10' },
    { key: 2, description: 'Build', quantity: '3', unitPrice: '0.20' },
  ],
  ...over,
});

describe('create-invoice form', () => {
  it('totals in integer minor units', () => {
    const t = draftTotals(draft());
    expect(t.lines).toEqual([15, 60]);
    expect(t.subtotal).toBe(75);
    expect(t.tax).toBe(15);
    expect(t.total).toBe(90);
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
      draft({ companyId: '', taxRate: 'x', lines: [{ key: 1, description: ' ', quantity: '0', unitPrice: '1.234' }] }),
    );
    expect(Object.keys(errors).sort()).toEqual(
      ['companyId', 'lines.0.description', 'lines.0.quantity', 'lines.0.unitPrice', 'taxRate'].sort(),
    );
    expect(checkDraft(draft())).toEqual({});
    expect(checkDraft(draft({ lines: [] })).lines).toBeDefined();
    expect(
      checkDraft(draft({ lines: [{ key: 1, description: 'Free', quantity: '1', unitPrice: '0' }] })).lines,
    ).toMatch(/more than 0/);
  });
});
