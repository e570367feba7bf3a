import { z } from '@hono/zod-openapi';
import { providerSchema } from '../payments/payments.schema.ts';
import type { Outcome } from './webhooks.service.ts';

/** One provider's row of the staff health panel. */
export const providerHealthSchema = z
  .object({
    provider: providerSchema,
    configured: z.boolean().openapi({ description: 'Its settings are present, so checkouts can be opened with it.' }),
    testMode: z.boolean(),
    lastEventAt: z.string().nullable(),
    events24h: z.number(),
    unmatched: z.number().openapi({ description: 'Events that named no checkout of ours.' }),
    failures24h: z.number(),
    lastFailureAt: z.string().nullable(),
    lastFailure: z.string().nullable(),
    awaitingProvider: z
      .number()
      .openapi({ description: "Checkouts still open or processing: waiting for the provider's word." }),
    mismatched: z.number(),
    overpaid: z
      .number()
      .openapi({ description: "Invoices paid beyond their total with this provider's money: a refund is due." }),
  })
  .openapi('ProviderHealth');

export const webhookHealthSchema = z.object({ providers: z.array(providerHealthSchema) }).openapi('WebhookHealth');

export const reconcileParams = z.object({
  provider: z.enum(['stripe', 'btcpay'], { error: 'Provider must be stripe or btcpay' }),
});

export const reconcileResultSchema = z
  .object({
    checked: z.number().openapi({ description: 'Checkouts asked about.' }),
    changed: z.number().openapi({ description: "Of those, how many the provider's answer changed." }),
  })
  .openapi('ReconcileResult');

// Every outcome ingestion returns, checked both ways by the typecheck.
const OUTCOMES = Object.keys({ applied: 0, duplicate: 0, unmatched: 0, ignored: 0 } satisfies Record<Outcome, 0>) as [
  Outcome,
  ...Outcome[],
];

/** What a delivery is answered once recorded: what it did (a copy already recorded is a `duplicate`). */
export const webhookReceiptSchema = z
  .object({ received: z.boolean(), outcome: z.enum(OUTCOMES) })
  .openapi('WebhookReceipt');
