// The worker on its own (one container): runs queued jobs; serves only health and metrics.
import { constants, setPriority } from 'node:os';
import { billingConfigFields, providersFromConfig, startReconciler } from '@coppertone/billing';
import { createFunctionApp, listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import { createMailer } from '@coppertone/mail';
import { boot, onShutdown } from '@coppertone/runtime';
import { workerConfigFields } from './config.ts';
import { ALL_QUEUES, runWorker } from './jobs.ts';

const { config, log, metrics, database, ready } = await boot({
  name: 'worker',
  fields: { ...workerConfigFields, ...billingConfigFields },
});
// Background work (staff e-mails, reconciliation) gives way to the functions answering visitors when they
// share the cores of one host; it still gets all the CPU they leave idle.
try {
  setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
} catch (err) {
  log.warn({ err }, 'could not lower the worker priority; it competes with the functions as an equal');
}
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
const jobs = await startJobs({ database: database, log, role: 'worker', queues: ALL_QUEUES, metrics });
const stopOutbox = await runWorker(jobs, { db: database.db, mailer, config, log });
// The payment reconciler: asks the providers about checkouts no webhook has settled.
const { providers } = providersFromConfig(config);
const stopReconciler = startReconciler(
  {
    db: database.db,
    jobs,
    providers,
    publicUrl: config.PUBLIC_URL,
    reconcileAfterSeconds: config.BILLING_RECONCILE_AFTER_SECONDS,
  },
  log,
  config.BILLING_RECONCILE_INTERVAL_SECONDS,
);
const server = await listen(createFunctionApp({ name: 'worker', log, metrics, ready, publicUrl: config.PUBLIC_URL }), {
  port: config.PORT,
  host: config.HOST,
});
log.info({ port: server.port, mail: mailer.describe() }, 'worker running');
onShutdown(log, async () => {
  stopReconciler();
  await server.close();
  await stopOutbox();
  await jobs.stop();
  await database.close();
});
