import { dateOnlyProblem, INVOICE_LIMITS, quantityToMilli } from '@coppertone/contracts';
import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { isCurrency } from './money.ts';

/** A `YYYY-MM-DD` date, checked by the one rule every function and the browser use. */
export const dateOnly = (label: string) =>
  z.string({ error: `${label} is required` }).superRefine((v, ctx) => {
    const problem = dateOnlyProblem(v, label);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const line = z.object({
  description: z
    .string({ error: 'Description is required' })
    .trim()
    .min(1, 'Description is required')
    .max(500, 'Description must be at most 500 characters'),
  // A number with at most three decimals, 0.001 to 1,000,000 (1e-10 is refused, never rounded to 0).
  quantity: z.number({ error: 'Quantity must be a number' }).superRefine((q, ctx) => {
    const milli = quantityToMilli(q);
    if (!milli.ok) ctx.addIssue({ code: 'custom', message: milli.message });
  }),
  // Integer minor units (cents; yen for JPY): the API never scales an amount it is given.
  unitPrice: z
    .number({ error: 'Unit price must be a number' })
    .int('Unit price is an integer in minor units (cents)')
    .min(0, 'Unit price cannot be negative')
    .max(INVOICE_LIMITS.maxUnitPrice, `Unit price must be at most ${INVOICE_LIMITS.maxUnitPrice} minor units`),
});

const currency = z
  .string({ error: 'Currency is required' })
  .transform((v) => v.toUpperCase())
  .refine(isCurrency, { message: 'Currency must be an ISO 4217 code like USD or EUR' });

const taxRate = z
  .number({ error: 'Tax rate must be a number' })
  .min(0, 'Tax rate cannot be negative')
  .max(100, 'Tax rate is a percentage up to 100')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { message: 'Tax rate takes at most two decimals' })
  .default(0);

const notes = z.string().max(2000, 'Notes must be at most 2000 characters').default('');

export const createInvoiceInput = z
  .object({
    companyId: z.uuid('Company must be an id'),
    projectId: z.uuid('Project must be an id').nullable().optional(),
    currency,
    taxRate,
    dueOn: dateOnly('Due date'),
    notes,
    lines: z
      .array(line, { error: 'Lines are required' })
      .min(1, 'An invoice needs at least one line')
      .max(INVOICE_LIMITS.maxLines, `At most ${INVOICE_LIMITS.maxLines} lines`),
  })
  .openapi('CreateInvoiceInput');

/** A draft from a project's tracked hours: one line per task with hours, at one hourly rate. */
export const fromProjectInput = z
  .object({
    projectId: z.uuid('Project must be an id'),
    // Integer minor units per hour, like every unit price.
    rateMinor: z
      .number({ error: 'Rate must be a number' })
      .int('Rate is an integer in minor units (cents)')
      .min(1, 'Rate must be more than zero')
      .max(INVOICE_LIMITS.maxUnitPrice, `Rate must be at most ${INVOICE_LIMITS.maxUnitPrice} minor units`),
    currency,
    taxRate,
    /** Defaults to 30 days from today. */
    dueOn: dateOnly('Due date').optional(),
    notes,
  })
  .openapi('InvoiceFromProjectInput');

export const checkoutInput = z
  .object({ provider: z.enum(['stripe', 'btcpay'], { error: 'Provider must be stripe or btcpay' }) })
  .openapi('CheckoutInput');

export const invoiceListQuery = z.object({
  ...pageQuery,
  /** `open`: waiting for payment (sent or partially paid); `overdue`: open and past its due date. */
  status: z
    .enum(['draft', 'sent', 'partially_paid', 'paid', 'overpaid', 'void', 'open', 'overdue'], {
      error: 'Unknown status',
    })
    .optional(),
  company: z.uuid('Company must be an id').optional(),
});

export const invoiceSchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    companyId: z.string(),
    companyName: z.string(),
    status: z.string(),
    currency: z.string(),
    total: z.number(),
    amountPaid: z.number(),
    amountDue: z.number(),
    dueOn: z.string(),
    /** What the caller may do with it now (role and state); a page offers only these. */
    can: z
      .object({ send: z.boolean(), void: z.boolean(), pay: z.boolean(), refund: z.boolean() })
      .openapi('InvoiceCan'),
  })
  .openapi('Invoice');

/** `{id}` of an invoice path: a malformed one is a 400 naming it, before any lookup. */
export const invoiceIdParams = z.object({ id: z.uuid('Invoice must be an id') });

export const paymentStatusQuery = z.object({
  /** The checkout the payer came back from; any other value is answered 404 (no such attempt). */
  attempt: z.string().optional(),
});
