import { AppError, defineRoute, type FunctionApp, requestLog } from '@coppertone/http';
import type { Metrics } from '@coppertone/observability';
import type { BillingDeps } from '../context.ts';
import { reconcileOnce } from '../payments/reconcile.ts';
import { signedIn } from '../policy.ts';
import { webhookHealth } from './webhooks.repo.ts';
import {
  reconcileParams,
  reconcileResultSchema,
  webhookHealthSchema,
  webhookReceiptSchema,
} from './webhooks.schema.ts';
import { ingestWebhook } from './webhooks.service.ts';

export const WEBHOOK_PATHS = ['/webhooks/stripe', '/webhooks/btcpay'];
const PROVIDERS = ['stripe', 'btcpay'] as const;

/** `payment_webhooks_total`'s outcome for what ingestion returned or threw. */
export function webhookOutcome(result: { outcome: string } | { error: unknown }): string {
  if ('outcome' in result) return result.outcome === 'duplicate' ? 'duplicate' : 'processed';
  const err = result.error;
  if (!(err instanceof AppError)) return 'error';
  if (err.code === 'validation_failed') return 'invalid_signature';
  return err.code === 'unavailable' ? 'error' : 'rejected';
}

export function registerWebhookRoutes(app: FunctionApp, deps: BillingDeps, metrics: Metrics): void {
  for (const provider of ['stripe', 'btcpay'] as const) {
    app.openAPIRegistry.registerPath({
      method: 'post',
      path: `/webhooks/${provider}`,
      summary: `${provider} webhook: authenticated by its signature over the raw body`,
      tags: ['webhooks'],
      responses: {
        200: {
          description: 'Recorded (or already recorded)',
          content: { 'application/json': { schema: webhookReceiptSchema } },
        },
        400: { description: 'Signature does not verify; nothing recorded' },
        503: { description: 'Could not record; the provider should deliver again' },
      },
    });
    // The raw bytes, not parsed JSON: signatures are over exactly what was sent.
    app.post(`/webhooks/${provider}`, async (c) => {
      try {
        const outcome = await ingestWebhook(deps, requestLog(c), provider, await c.req.text(), c.req.raw.headers);
        metrics.paymentWebhooks.inc({ provider, outcome: webhookOutcome({ outcome }) });
        return c.json({ received: true, outcome });
      } catch (error) {
        metrics.paymentWebhooks.inc({ provider, outcome: webhookOutcome({ error }) });
        throw error;
      }
    });
  }

  defineRoute(app, {
    method: 'get',
    path: '/webhook-health',
    summary:
      'Per provider: last event, failures, unmatched events, checkouts awaiting an answer, overpaid invoices (staff)',
    tags: ['webhooks'],
    authenticate: signedIn('webhooks.health'),
    responses: {
      200: { description: 'Health per provider', schema: webhookHealthSchema },
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c }) => {
      const providers = await Promise.all(
        PROVIDERS.map(async (p) => ({
          provider: p,
          configured: !!deps.providers[p],
          testMode: deps.providers[p]?.testMode ?? false,
          ...(await webhookHealth(deps.db, p)),
        })),
      );
      return c.json({ providers });
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/webhook-health/{provider}/reconcile',
    summary: 'Ask the provider now about every checkout still waiting (the replay action; staff)',
    tags: ['webhooks'],
    authenticate: signedIn('webhooks.reconcile'),
    params: reconcileParams,
    responses: {
      200: { description: 'How many were checked and changed', schema: reconcileResultSchema },
      400: 'Unknown provider',
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c, params }) =>
      c.json(await reconcileOnce({ ...deps, reconcileAfterSeconds: 0 }, requestLog(c), params.provider)),
  });
}
