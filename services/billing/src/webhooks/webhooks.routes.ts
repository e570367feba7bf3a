import { requireAuth } from '@coppertone/auth';
import type { Provider } from '@coppertone/db';
import { AppError, defineRoute, type FunctionApp, requestLog } from '@coppertone/http';
import type { Metrics } from '@coppertone/observability';
import { sql } from 'kysely';
import type { BillingDeps } from '../context.ts';
import { reconcileOnce } from '../payments/reconcile.ts';
import { ingestWebhook } from './webhooks.service.ts';

export const WEBHOOK_PATHS = ['/webhooks/stripe', '/webhooks/btcpay'];

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
        200: { description: 'Recorded (or already recorded)' },
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

  defineRoute(
    app,
    {
      method: 'get',
      path: '/webhook-health',
      summary:
        'Per provider: last event, failures, unmatched events, checkouts awaiting an answer, overpaid invoices (staff)',
      tags: ['webhooks'],
      authenticate: (c) => requireAuth(c, 'staff', 'admin'),
      responses: { 200: 'Health per provider', 401: 'Not signed in', 403: 'Staff only' },
    },
    async (c) => {
      const providers = await Promise.all(
        (['stripe', 'btcpay'] as Provider[]).map(async (p) => {
          const [events, failures, waiting] = await Promise.all([
            sql<{ last: Date | null; day: string; unmatched: string }>`
              select max(received_at) as last,
                     count(*) filter (where received_at > now() - interval '1 day') as day,
                     count(*) filter (where outcome = 'unmatched') as unmatched
              from provider_events where provider = ${p}`.execute(deps.db),
            sql<{ day: string; last: Date | null; reason: string | null }>`
              select coalesce(sum(count) filter (where received_at > now() - interval '1 day'), 0) as day,
                     max(received_at) as last,
                     (select reason from webhook_failures where provider = ${p} order by received_at desc limit 1) as reason
              from webhook_failures where provider = ${p}`.execute(deps.db),
            sql<{ n: string; mismatched: string; overpaid: string }>`
              select count(*) filter (where status in ('open', 'processing')) as n,
                     count(*) filter (where status = 'mismatch') as mismatched,
                     (select count(distinct i.id) from invoices i join payments pay on pay.invoice_id = i.id
                       where i.status = 'overpaid' and pay.provider = ${p}) as overpaid
              from payment_attempts where provider = ${p}`.execute(deps.db),
          ]);
          const e = events.rows[0];
          const f = failures.rows[0];
          const w = waiting.rows[0];
          return {
            provider: p,
            configured: !!deps.providers[p],
            testMode: deps.providers[p]?.testMode ?? false,
            lastEventAt: e?.last ?? null,
            events24h: Number(e?.day ?? 0),
            unmatched: Number(e?.unmatched ?? 0),
            failures24h: Number(f?.day ?? 0),
            lastFailureAt: f?.last ?? null,
            lastFailure: f?.reason ?? null,
            awaitingProvider: Number(w?.n ?? 0),
            mismatched: Number(w?.mismatched ?? 0),
            /** Invoices paid beyond their total with money from this provider: a refund is due. */
            overpaid: Number(w?.overpaid ?? 0),
          };
        }),
      );
      return c.json({ providers });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/webhook-health/{provider}/reconcile',
      summary: 'Ask the provider now about every checkout still waiting (the replay action; staff)',
      tags: ['webhooks'],
      authenticate: (c) => requireAuth(c, 'staff', 'admin'),
      responses: {
        200: 'How many were checked and changed',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'Unknown provider',
      },
    },
    async (c) => {
      const provider = c.req.param('provider');
      if (provider !== 'stripe' && provider !== 'btcpay') throw new AppError('not_found', 'Unknown provider.');
      return c.json(await reconcileOnce({ ...deps, reconcileAfterSeconds: 0 }, requestLog(c), provider));
    },
  );
}
