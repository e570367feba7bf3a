import { type SessionCache, sessionGuard, viewerKey } from '@coppertone/auth';
import { createFunctionApp, type FunctionApp, isDeclaredCachedRead, type ReadCache, readCache } from '@coppertone/http';
import type { Logger, Metrics } from '@coppertone/observability';
import { adoptBillingMetrics } from './billing.metrics.ts';
import type { BillingDeps } from './context.ts';
import { registerInvoiceRoutes } from './invoices/invoices.routes.ts';
import { registerPaymentRoutes } from './payments/payments.routes.ts';
import { registerWebhookRoutes, WEBHOOK_PATHS } from './webhooks/webhooks.routes.ts';

export interface BillingAppDeps extends BillingDeps {
  /** Live sessions in memory (see SessionCache); without it every request reads the database. */
  sessions?: SessionCache;
  /** Answers of the invoice and payment lists kept per viewer until anything in billing changes. */
  reads?: ReadCache;
  log: Logger;
  metrics: Metrics;
  ready: () => Promise<boolean>;
}

/** The billing function: invoices, checkouts, provider webhooks, reconciliation, webhook health. */
export function createBillingApp(deps: BillingAppDeps): FunctionApp {
  const app = createFunctionApp({
    name: 'billing',
    ...deps,
    // Webhooks come from the providers' servers and prove themselves by signature.
    originExempt: (path) => WEBHOOK_PATHS.some((p) => path.endsWith(p)),
  });
  app.use(sessionGuard(deps.db, deps.sessions));
  // Only the routes that declare `cache: 'per-viewer'` (invoice list, one invoice, payment list; not
  // the PDF, nor the payment status, which asks the provider).
  if (deps.reads) app.use(readCache(deps.reads, viewerKey, isDeclaredCachedRead(app)));
  registerInvoiceRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerWebhookRoutes(app, deps, deps.metrics);
  adoptBillingMetrics(deps.metrics, deps.db);
  return app;
}
