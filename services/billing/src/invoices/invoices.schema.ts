import { dateOnlyProblem, INVOICE_LIMITS, quantityToMilli } from '@coppertone/contracts';
import type { InvoiceStatus } from '@coppertone/db';
import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { attemptSchema, paymentSchema, refundSchema } from '../payments/payments.schema.ts';
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

const notes = z
  .string()
  .max(INVOICE_LIMITS.maxNotes, `Notes must be at most ${INVOICE_LIMITS.maxNotes} characters`)
  .default('');

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

// Every value of the database's own type, checked both ways: one added there and not here fails the typecheck.
const INVOICE_STATUSES = Object.keys({
  draft: 0,
  sent: 0,
  partially_paid: 0,
  paid: 0,
  overpaid: 0,
  void: 0,
} satisfies Record<InvoiceStatus, 0>) as [InvoiceStatus, ...InvoiceStatus[]];

export const invoiceListQuery = z.object({
  ...pageQuery,
  /** `open`: waiting for payment (sent or partially paid); `overdue`: open and past its due date. */
  status: z.enum([...INVOICE_STATUSES, 'open', 'overdue'], { error: 'Unknown status' }).optional(),
  company: z.uuid('Company must be an id').optional(),
});

export const invoiceStatusSchema = z.enum(INVOICE_STATUSES).openapi('InvoiceStatus');

// The answers below describe what the routes send; amounts are integer minor units, times ISO 8601.

export const invoiceSchema = z
  .object({
    id: z.string(),
    number: z
      .string()
      .nullable()
      .openapi({ description: '`YEAR-NNNN`, given when the draft is sent; null for a draft.' }),
    companyId: z.string(),
    companyName: z.string(),
    projectId: z.string().nullable(),
    status: invoiceStatusSchema,
    currency: z.string(),
    taxRate: z.number().openapi({ description: 'A percentage, at most two decimals.' }),
    subtotal: z.number(),
    tax: z.number(),
    total: z.number(),
    amountPaid: z.number(),
    amountDue: z.number(),
    dueOn: z.string(),
    notes: z.string(),
    issuedAt: z.string().nullable(),
    version: z.number(),
    createdAt: z.string(),
    /** What the caller may do with it now (role and state); a page offers only these. */
    can: z
      .object({ send: z.boolean(), void: z.boolean(), pay: z.boolean(), refund: z.boolean() })
      .openapi('InvoiceCan'),
  })
  .openapi('Invoice');

export const invoicePageSchema = z
  .object({ items: z.array(invoiceSchema), total: z.number(), page: z.number(), pageSize: z.number() })
  .openapi('InvoicePage');

export const invoiceLineSchema = z
  .object({ description: z.string(), quantity: z.number(), unitPrice: z.number(), amount: z.number() })
  .openapi('InvoiceLine');

/** Who issues the invoice, as printed on it (from the billing function's settings). */
export const sellerSchema = z
  .object({
    name: z.string(),
    address: z.array(z.string()),
    taxId: z.string().nullable(),
    email: z.string().nullable(),
    paymentTerms: z.string(),
  })
  .openapi('Seller');

export const invoiceDetailSchema = invoiceSchema
  .extend({
    lines: z.array(invoiceLineSchema),
    payments: z.array(paymentSchema),
    attempts: z.array(attemptSchema),
    refunds: z.array(refundSchema),
    seller: sellerSchema,
  })
  .openapi('InvoiceDetail');

/** Who a sent invoice was e-mailed to (the company's contacts). */
export const recipientSchema = z.object({ name: z.string(), email: z.string() }).openapi('Recipient');

export const sentInvoiceSchema = invoiceDetailSchema
  .extend({ mailedTo: z.array(recipientSchema) })
  .openapi('SentInvoice');

export const checkoutSchema = z
  .object({
    attemptId: z.string(),
    url: z.string().openapi({ description: "Where to send the payer: the provider's hosted page." }),
    testMode: z.boolean().openapi({ description: 'The provider runs in test mode: no real money moves.' }),
  })
  .openapi('Checkout');

export const paymentStatusSchema = z
  .object({
    status: invoiceStatusSchema,
    amountDue: z.number(),
    amountPaid: z.number(),
    /** The attempt asked about, as it is now; absent when none was named. */
    attempt: attemptSchema.optional(),
  })
  .openapi('PaymentStatus');

/** `{id}` of an invoice path: a malformed one is a 400 naming it, before any lookup. */
export const invoiceIdParams = z.object({ id: z.uuid('Invoice must be an id') });

export const paymentStatusQuery = z.object({
  attempt: z.string().optional().openapi({
    description: 'The checkout the payer came back from; any other value is answered 404 (no such attempt).',
  }),
});
