/**
 * The create-invoice form's in-page checks and the request body it sends. Amounts are typed as
 * decimal text (12.50 or 12,50) and turned into integer minor units by the billing function's own
 * rules (@coppertone/contracts), so the preview, these checks and the server agree on every limit.
 */
import {
  dateOnlyProblem,
  INVOICE_LIMITS,
  type InvoiceTotals,
  invoiceTotals,
  localToday,
  parseMoney,
  parseQuantity,
  totalsProblems,
  unitPriceProblem,
} from '@coppertone/contracts';
import type { NewInvoice } from '#lib/api/billing.ts';
import { parseTaxBasisPoints } from '#lib/money.ts';

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
  /** The person has seen that the due date is in the past and keeps it. */
  pastDueConfirmed: boolean;
  notes: string;
  lines: LineDraft[];
}

const quantityOf = (l: LineDraft) => parseQuantity(l.quantity);
const priceOf = (l: LineDraft, currency: string) => parseMoney(l.unitPrice, currency, 'Unit price');

/** Live totals in minor units; lines that do not parse yet count as zero. */
export function draftTotals(draft: InvoiceDraft): InvoiceTotals {
  const bp = parseTaxBasisPoints(draft.taxRate) ?? 0;
  return invoiceTotals(
    draft.lines.map((l) => {
      const q = quantityOf(l);
      const p = priceOf(l, draft.currency);
      return { quantityMilli: q.ok ? q.value : 0n, unitPrice: p.ok ? p.value : 0n };
    }),
    bp,
  );
}

/** Amounts over the server's limits, keyed like its `error.fields`: shown as the figures change. */
export const limitProblems = (draft: InvoiceDraft): Record<string, string> => {
  const totals = draftTotals(draft);
  return totals.total > 0n ? totalsProblems(totals, draft.currency) : {};
};

/** A real due date before today: the invoice would be overdue as soon as it is sent. */
export const dueInPast = (draft: InvoiceDraft, today = localToday()): boolean =>
  dateOnlyProblem(draft.dueOn, 'Due date') === undefined && draft.dueOn < today;

/** Messages keyed like the server's `error.fields` (`lines.0.unitPrice`). */
export function checkDraft(draft: InvoiceDraft, today = localToday()): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.companyId) errors.companyId = 'Choose a company';
  if (!/^[A-Z]{3}$/.test(draft.currency)) errors.currency = 'Choose a currency';
  if (parseTaxBasisPoints(draft.taxRate) === undefined)
    errors.taxRate = 'Tax rate is a percentage from 0 to 100, with at most two decimals';
  const dateProblem = draft.dueOn ? dateOnlyProblem(draft.dueOn, 'Due date') : 'Choose a due date';
  if (dateProblem) errors.dueOn = dateProblem;
  else if (dueInPast(draft, today) && !draft.pastDueConfirmed)
    errors.dueOn = 'This date has passed: tick “Keep this past due date” or choose a later date';
  if (draft.notes.length > INVOICE_LIMITS.maxNotes)
    errors.notes = `Notes must be at most ${INVOICE_LIMITS.maxNotes} characters`;
  if (draft.lines.length === 0) errors.lines = 'An invoice needs at least one line';
  draft.lines.forEach((line, i) => {
    if (!line.description.trim()) errors[`lines.${i}.description`] = 'Description is required';
    const q = quantityOf(line);
    if (!q.ok) errors[`lines.${i}.quantity`] = q.message;
    const p = priceOf(line, draft.currency);
    const priceProblem = p.ok ? unitPriceProblem(p.value, draft.currency) : p.message;
    if (priceProblem) errors[`lines.${i}.unitPrice`] = priceProblem;
  });
  const totals = draftTotals(draft);
  const amounts = totalsProblems(totals, draft.currency);
  // "Must be more than 0" only once every line reads; limits whenever the figures exceed them.
  if (totals.total > 0n || Object.keys(errors).length === 0)
    for (const [key, message] of Object.entries(amounts)) errors[key] ??= message;
  return errors;
}

/** The request body, for a draft that passed `checkDraft`: quantities as numbers, prices in minor units. */
export function toRequest(draft: InvoiceDraft): NewInvoice {
  return {
    companyId: draft.companyId,
    currency: draft.currency,
    taxRate: (parseTaxBasisPoints(draft.taxRate) ?? 0) / 100,
    dueOn: draft.dueOn,
    notes: draft.notes.trim(),
    lines: draft.lines.map((l) => {
      const q = quantityOf(l);
      const p = priceOf(l, draft.currency);
      return {
        description: l.description.trim(),
        quantity: q.ok ? Number(q.value) / 1000 : 0,
        unitPrice: p.ok ? Number(p.value) : 0,
      };
    }),
  };
}
