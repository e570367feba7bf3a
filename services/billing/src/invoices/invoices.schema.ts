import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { isCurrency } from './money.ts';

const line = z.object({
  description: z
    .string({ error: 'Description is required' })
    .trim()
    .min(1, 'Description is required')
    .max(500, 'Description must be at most 500 characters'),
  quantity: z
    .number({ error: 'Quantity must be a number' })
    .positive('Quantity must be more than 0')
    .max(1_000_000, 'Quantity must be at most 1000000')
    .refine((q) => Number.isInteger(Math.round(q * 1000)) && Math.abs(Math.round(q * 1000) - q * 1000) < 1e-6, {
      message: 'Quantity takes at most three decimals',
    }),
  unitPrice: z
    .number({ error: 'Unit price must be a number' })
    .int('Unit price is an integer in minor units (cents)')
    .min(0, 'Unit price cannot be negative')
    .max(1_000_000_000_00, 'Unit price is too large'),
});

export const createInvoiceInput = z
  .object({
    companyId: z.uuid('Company must be an id'),
    projectId: z.uuid('Project must be an id').nullable().optional(),
    currency: z
      .string({ error: 'Currency is required' })
      .transform((v) => v.toUpperCase())
      .refine(isCurrency, { message: 'Currency must be an ISO 4217 code like USD or EUR' }),
    taxRate: z
      .number({ error: 'Tax rate must be a number' })
      .min(0, 'Tax rate cannot be negative')
      .max(100, 'Tax rate is a percentage up to 100')
      .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { message: 'Tax rate takes at most two decimals' })
      .default(0),
    dueOn: z
      .string({ error: 'Due date is required' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Due date must be a date like 2026-12-31')
      .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
        message: 'Due date is not a real date',
      }),
    notes: z.string().max(2000, 'Notes must be at most 2000 characters').default(''),
    lines: z
      .array(line, { error: 'Lines are required' })
      .min(1, 'An invoice needs at least one line')
      .max(200, 'At most 200 lines'),
  })
  .openapi('CreateInvoiceInput');

export const checkoutInput = z
  .object({ provider: z.enum(['stripe', 'btcpay'], { error: 'Provider must be stripe or btcpay' }) })
  .openapi('CheckoutInput');

export const invoiceListQuery = z.object({
  ...pageQuery,
  /** `open`: waiting for payment (sent or partially paid). */
  status: z.enum(['draft', 'sent', 'partially_paid', 'paid', 'void', 'open'], { error: 'Unknown status' }).optional(),
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
  })
  .openapi('Invoice');
