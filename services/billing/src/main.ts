// The billing function on its own (one container): `node services/billing/src/main.ts`.
import { createSessionCache } from '@coppertone/auth';
import { createReadCache, listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import { boot, onShutdown } from '@coppertone/runtime';
import { createBillingApp } from './app.ts';
import { billingConfigFields } from './config.ts';
import { BILLING_CHANGES_CHANNEL } from './context.ts';
import { sellerFromConfig } from './invoices/seller.ts';
import { providersFromConfig } from './providers/from-config.ts';

const { config, log, metrics, database, ready } = await boot({ name: 'billing', fields: billingConfigFields });
const { providers, problems } = providersFromConfig(config);
if (problems.length) {
  process.stderr.write(
    `billing: cannot start.\nInvalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(78);
}
const jobs = await startJobs({ database: database, log, role: 'producer', queues: [SEND_MAIL_JOB] });
const sessions = await createSessionCache(database);
const reads = await createReadCache(database, BILLING_CHANGES_CHANNEL, { metrics });
const app = createBillingApp({
  db: database.db,
  sessions,
  reads,
  jobs,
  log,
  metrics,
  ready,
  providers,
  seller: sellerFromConfig(config),
  publicUrl: config.PUBLIC_URL,
  reconcileAfterSeconds: config.BILLING_RECONCILE_AFTER_SECONDS,
  crashAfterEventStored: config.BILLING_FAULT === 'crash-after-event-stored',
});
const server = await listen(app, { port: config.PORT, host: config.HOST });
log.info({ port: server.port, providers: Object.keys(providers) }, 'billing function listening');
onShutdown(log, async () => {
  await server.close();
  await sessions.close();
  await reads.close();
  await jobs.stop();
  await database.close();
});
