import { describe, expect, it } from 'vitest';
import { type Invoice, type InvoiceStatus, payable } from '#lib/api/billing.ts';
import { dueText, isOverdue, statusLabel } from './due.ts';

const invoice = (status: InvoiceStatus, amountDue: number, currency = 'USD'): Invoice => ({
  id: `${status}-${amountDue}`,
  number: '2026-0001',
  companyId: 'c',
  companyName: 'Demo Client Ltd',
  projectId: null,
  status,
  currency,
  taxRate: 0,
  subtotal: amountDue,
  tax: 0,
  total: amountDue,
  amountPaid: 0,
  amountDue,
  dueOn: '2026-12-15',
  notes: '',
  issuedAt: '2026-12-01T10:00:00Z',
  version: 1,
  createdAt: '2026-12-01T09:00:00Z',
  can: { send: false, void: false, pay: false, refund: false },
});

describe('payable / dueText', () => {
  it('counts sent and partly paid invoices as waiting for payment, nothing else', () => {
    const open = (['draft', 'sent', 'partially_paid', 'paid', 'void'] as const).filter((s) => payable(s));
    expect(open).toEqual(['sent', 'partially_paid']);
  });

  it('sums the amount due per currency in minor units', () => {
    expect(dueText([invoice('sent', 10), invoice('sent', 20), invoice('partially_paid', 125_000, 'EUR')])).toBe(
      '$0.30 + €1,250.00',
    );
    expect(dueText([])).toBe('');
  });
});

describe('isOverdue / statusLabel', () => {
  const TODAY = '2026-12-16';
  const at = (status: InvoiceStatus, dueOn: string) => ({ status, dueOn });

  it('reads an unpaid invoice past its due date as Overdue, from the day after', () => {
    // Regression: an invoice due 2001-01-01 read "Sent" forever.
    expect(statusLabel(at('sent', '2001-01-01'), TODAY)).toBe('Overdue');
    expect(statusLabel(at('sent', '2026-12-15'), TODAY)).toBe('Overdue');
    expect(statusLabel(at('partially_paid', '2026-12-15'), TODAY)).toBe('Overdue, partly paid');
    expect(isOverdue(at('sent', '2026-12-16'), TODAY)).toBe(false);
    expect(statusLabel(at('sent', '2026-12-16'), TODAY)).toBe('Sent');
  });

  it('never calls a draft, paid or void invoice overdue', () => {
    for (const status of ['draft', 'paid', 'void'] as const)
      expect(isOverdue(at(status, '2001-01-01'), TODAY)).toBe(false);
    expect(statusLabel(at('paid', '2001-01-01'), TODAY)).toBe('Paid');
  });

  it('uses the reader’s local date by default', () => {
    expect(isOverdue(at('sent', '2000-01-01'))).toBe(true);
    expect(isOverdue(at('sent', '2100-12-31'))).toBe(false);
  });
});
