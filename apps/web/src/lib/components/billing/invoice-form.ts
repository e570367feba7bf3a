/**
 * The create-invoice form's in-page checks and the request body it sends. Amounts are typed as
 * decimal text and turned into integer minor units here; the totals shown are the server's rule.
 */
import type { NewInvoice } from '#lib/api/billing.ts';
import { invoiceTotals, parseMoney, parseQuantityMilli, parseTaxBasisPoints, type Totals } from '#lib/money.ts';

export interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
}

export interface InvoiceDraft {
  companyId: string;
  currency: string;
  taxRate: string;
  dueOn: string;
  notes: string;
  lines: LineDraft[];
}

/** Live totals; lines that do not parse yet count as zero. */
export function draftTotals(draft: InvoiceDraft): Totals {
  const bp = parseTaxBasisPoints(draft.taxRate) ?? 0;
  return invoiceTotals(
    draft.lines.map((l) => ({
      quantityMilli: parseQuantityMilli(l.quantity) ?? 0,
      unitPrice: parseMoney(l.unitPrice, draft.currency) ?? 0,
    })),
    bp,
  );
}

/** Messages keyed like the server's `error.fields` (`lines.0.unitPrice`). */
export function checkDraft(draft: InvoiceDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.companyId) errors.companyId = 'Choose a company';
  if (!/^[A-Z]{3}$/.test(draft.currency)) errors.currency = 'Choose a currency';
  if (parseTaxBasisPoints(draft.taxRate) === undefined)
    errors.taxRate = 'Tax rate is a percentage from 0 to 100, with at most two decimals';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.dueOn)) errors.dueOn = 'Choose a due date';
  if (draft.notes.length > 2000) errors.notes = 'Notes must be at most 2000 characters';
  if (draft.lines.length === 0) errors.lines = 'An invoice needs at least one line';
  draft.lines.forEach((line, i) => {
    if (!line.description.trim()) errors[`lines.${i}.description`] = 'Description is required';
    const q = parseQuantityMilli(line.quantity);
    if (q === undefined || q <= 0) errors[`lines.${i}.quantity`] = 'Quantity is a number above 0, up to three decimals';
    if (parseMoney(line.unitPrice, draft.currency) === undefined)
      errors[`lines.${i}.unitPrice`] = 'Unit price is an amount like 120.00';
  });
  if (Object.keys(errors).length === 0 && draftTotals(draft).total <= 0) errors.lines = 'The total must be more than 0';
  return errors;
}

/** The request body, for a draft that passed `checkDraft`. */
export function toRequest(draft: InvoiceDraft): NewInvoice {
  return {
    companyId: draft.companyId,
    currency: draft.currency,
    taxRate: (parseTaxBasisPoints(draft.taxRate) ?? 0) / 100,
    dueOn: draft.dueOn,
    notes: draft.notes.trim(),
    lines: draft.lines.map((l) => ({
      description: l.description.trim(),
      quantity: (parseQuantityMilli(l.quantity) ?? 0) / 1000,
      unitPrice: parseMoney(l.unitPrice, draft.currency) ?? 0,
    })),
  };
}
