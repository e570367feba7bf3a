import type { AttemptStatus, PaymentsTable, Provider, RefundStatus } from '@coppertone/db';
import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';

// Every value of the database's own types, checked both ways: one added there and not here fails the typecheck.
const PROVIDERS = Object.keys({ stripe: 0, btcpay: 0 } satisfies Record<Provider, 0>) as [Provider, ...Provider[]];
const ATTEMPT_STATUSES = Object.keys({
  open: 0,
  processing: 0,
  paid: 0,
  partial: 0,
  overpaid: 0,
  failed: 0,
  expired: 0,
  mismatch: 0,
} satisfies Record<AttemptStatus, 0>) as [AttemptStatus, ...AttemptStatus[]];
const REFUND_STATUSES = Object.keys({ pending: 0, succeeded: 0, failed: 0 } satisfies Record<RefundStatus, 0>) as [
  RefundStatus,
  ...RefundStatus[],
];
type PaymentKind = PaymentsTable['kind'];
const PAYMENT_KINDS = Object.keys({ full: 0, partial: 0, over: 0, late: 0 } satisfies Record<PaymentKind, 0>) as [
  PaymentKind,
  ...PaymentKind[],
];

export const providerSchema = z.enum(PROVIDERS).openapi('Provider');

export const attemptStatusSchema = z.enum(ATTEMPT_STATUSES).openapi('AttemptStatus', {
  description:
    'A checkout: open or processing until the provider settles it (paid, partial, overpaid) or it ends (failed, expired, or mismatch: paid in another currency or amount than asked)',
});

/** Money received against an invoice, in its minor units. */
export const paymentSchema = z
  .object({
    id: z.string(),
    provider: providerSchema,
    amount: z.number(),
    currency: z.string(),
    kind: z.enum(PAYMENT_KINDS).openapi({
      description: 'Against what its checkout asked: all of it, part, more, or paid after the checkout had expired.',
    }),
    source: z.string().openapi({
      description: "What recorded it: the provider's webhook, the payer's return page, the reconciler or the checkout.",
    }),
    recordedAt: z.string(),
  })
  .openapi('Payment');

/** One checkout opened for an invoice. */
export const attemptSchema = z
  .object({
    id: z.string(),
    provider: providerSchema,
    status: attemptStatusSchema,
    amount: z.number(),
    createdAt: z.string(),
  })
  .openapi('PaymentAttempt');

/** Money given back from one payment (`pending` until the provider confirms; it counts meanwhile). */
export const refundSchema = z
  .object({
    id: z.string(),
    paymentId: z.string(),
    provider: providerSchema,
    amount: z.number(),
    currency: z.string(),
    status: z.enum(REFUND_STATUSES),
    claimUrl: z.string().nullable().openapi({ description: 'BTCPay: the page where the client claims the refund.' }),
    note: z.string(),
    createdAt: z.string(),
  })
  .openapi('Refund');

export const refundInput = z
  .object({
    paymentId: z.uuid('Payment must be an id'),
    amount: z
      .number({ error: 'Amount must be a number' })
      .int('Amount is an integer in minor units (cents)')
      .positive('Amount must be more than 0')
      .max(Number.MAX_SAFE_INTEGER, 'Amount is too large'),
    note: z.string().trim().max(500, 'Note must be at most 500 characters').default(''),
  })
  .openapi('RefundInput');

export const refundResultSchema = z
  .object({ id: z.string(), status: z.enum(REFUND_STATUSES), claimUrl: z.string().nullable() })
  .openapi('RefundResult');

/** A payment in the staff list, with its invoice. */
export const staffPaymentSchema = paymentSchema
  .extend({ invoiceId: z.string(), number: z.string().nullable() })
  .openapi('StaffPayment');

export const paymentListQuery = z.object(pageQuery);

export const paymentPageSchema = z
  .object({ items: z.array(staffPaymentSchema), page: z.number(), pageSize: z.number() })
  .openapi('PaymentPage');
