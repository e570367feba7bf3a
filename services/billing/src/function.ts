import { createReadCache } from '@coppertone/http';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import { defineFunction, type FunctionDeps } from '@coppertone/runtime';
import { createBillingApp } from './app.ts';
import { type BillingConfig, billingConfigFields } from './config.ts';
import { BILLING_CHANGES_CHANNEL, type BillingDeps } from './context.ts';
import { sellerFromConfig } from './invoices/seller.ts';
import { providersFromConfig } from './providers/from-config.ts';

/** What billing needs beyond the process's parts: the providers, the seller, the reconciler's age limit. */
export type BillingOptions = Omit<BillingDeps, 'db' | 'jobs' | 'publicUrl'>;

/** Billing's options from its settings (provider credentials, seller block, fault injection). */
export function billingOptionsFromConfig(config: BillingConfig & { NODE_ENV?: string }): {
  options: BillingOptions;
  problems: string[];
} {
  const { providers, problems } = providersFromConfig(config);
  return {
    options: {
      providers,
      seller: sellerFromConfig(config),
      reconcileAfterSeconds: config.BILLING_RECONCILE_AFTER_SECONDS,
      crashAfterEventStored: config.BILLING_FAULT === 'crash-after-event-stored',
    },
    problems,
  };
}

/**
 * The billing function from its process's parts. Its own part: the read cache of invoice and
 * payment lists, which hears billing's changes from every replica.
 */
export async function buildBilling(deps: FunctionDeps, options: BillingOptions) {
  const reads = await createReadCache(deps.database, BILLING_CHANGES_CHANNEL, { metrics: deps.metrics });
  const app = createBillingApp({ ...deps, ...options, db: deps.database.db, reads });
  return { app, close: () => reads.close(), describe: { providers: Object.keys(options.providers) } };
}

/** How any process starts billing: its own container (main.ts), the all-in-one server, the tests. */
export const billingFunction = defineFunction({
  name: 'billing',
  configFields: billingConfigFields,
  queues: [SEND_MAIL_JOB],
  fromConfig: billingOptionsFromConfig,
  build: buildBilling,
});
