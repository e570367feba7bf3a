import { localToday } from '@coppertone/contracts';
import { type Invoice, payable, STATUS_LABEL } from '#lib/api/billing.ts';
import { formatMoney } from '#lib/money.ts';

/** The amount due of `invoices`, one figure per currency (summed in integer minor units), e.g. `$1,250.00 + €80.00`. */
export function dueText(invoices: Invoice[]): string {
  const sums = new Map<string, number>();
  for (const i of invoices) sums.set(i.currency, (sums.get(i.currency) ?? 0) + i.amountDue);
  return [...sums].map(([currency, minor]) => formatMoney(minor, currency)).join(' + ');
}

/**
 * Waiting for payment after its due date (due today is not overdue yet); today is the reader's
 * local date, as for tasks.
 */
export const isOverdue = (invoice: Pick<Invoice, 'status' | 'dueOn'>, today = localToday()): boolean =>
  payable(invoice.status) && invoice.dueOn.slice(0, 10) < today;

/** The status as people should read it: "Overdue" once an unpaid invoice is past its due date. */
export function statusLabel(invoice: Pick<Invoice, 'status' | 'dueOn'>, today = localToday()): string {
  if (!isOverdue(invoice, today)) return STATUS_LABEL[invoice.status] ?? invoice.status;
  return invoice.status === 'partially_paid' ? 'Overdue, partly paid' : 'Overdue';
}
