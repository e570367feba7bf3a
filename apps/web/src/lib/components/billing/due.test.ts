import { describe, expect, it } from 'vitest';
import { type Invoice, type InvoiceStatus, payable } from '#lib/api/billing.ts';
import { dueText } from './due.ts';

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
  createdAt: '2026-12-01T09:00:00Z',
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
