import type { Invoice } from '#lib/api/billing.ts';
import { formatMoney } from '#lib/money.ts';

/** The amount due of `invoices`, one figure per currency (summed in integer minor units), e.g. `$1,250.00 + €80.00`. */
export function dueText(invoices: Invoice[]): string {
  const sums = new Map<string, number>();
  for (const i of invoices) sums.set(i.currency, (sums.get(i.currency) ?? 0) + i.amountDue);
  return [...sums].map(([currency, minor]) => formatMoney(minor, currency)).join(' + ');
}
