// The whole platform in one process: `npm start`. Embedded PostgreSQL and the dev mailbox unless
// DATABASE_URL / SMTP_URL name real ones.
import { fileURLToPath } from 'node:url';
import { createSessionCache, sessionGuard } from '@coppertone/auth';
import {
  BILLING_CHANGES_CHANNEL,
  billingConfigFields,
  createBillingApp,
  providersFromConfig,
  sellerFromConfig,
  startReconciler,
} from '@coppertone/billing';
import { createContactApp } from '@coppertone/contact';
import { createEventBus } from '@coppertone/db';
import { createReadCache, listen } from '@coppertone/http';
import { createIdentityApp, DEMO_COMPANY, DEMO_PASSWORD, DEMO_USERS } from '@coppertone/identity';
import { startJobs } from '@coppertone/jobs';
import { createMailer } from '@coppertone/mail';
import { safeUrl } from '@coppertone/observability';
import { boot, onShutdown } from '@coppertone/runtime';
import { createWorkApp, WORK_CHANGES_CHANNEL, WORK_EVENTS_CHANNEL, type WorkEvent } from '@coppertone/work';
import { ALL_QUEUES, runWorker, workerConfigFields } from '@coppertone/worker';
import { createServerApp } from './app.ts';
import { serverConfigFields } from './config.ts';
import { seedDemo } from './demo-data.ts';
import { startDemoPayments } from './demo-payments.ts';

const started = performance.now();
const { config, log, metrics, database, ready } = await boot({
  name: 'server',
  fields: { ...workerConfigFields, ...billingConfigFields, ...serverConfigFields },
});
const db = database.db;
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
// With RUN_WORKER=false the functions still queue jobs, and a worker process beside this one works them.
const runsWorker = config.RUN_WORKER;
const jobs = await startJobs({
  database: database,
  log,
  role: runsWorker ? 'worker' : 'producer',
  queues: ALL_QUEUES,
  metrics,
});
const stopOutbox = runsWorker ? await runWorker(jobs, { db, mailer, config, log }) : async () => {};

// Without provider credentials (and never in production) payments go to local stand-ins, labelled test mode.
const unconfigured = !config.STRIPE_SECRET_KEY && !config.BTCPAY_URL;
const demoPayments = unconfigured && config.NODE_ENV !== 'production' ? await startDemoPayments() : undefined;
const { providers, problems } = providersFromConfig({ ...config, ...demoPayments?.env });
if (problems.length) {
  process.stderr.write(
    `server: cannot start.\nInvalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(78);
}
const billing = {
  providers,
  seller: sellerFromConfig(config),
  reconcileAfterSeconds: config.BILLING_RECONCILE_AFTER_SECONDS,
  crashAfterEventStored: config.BILLING_FAULT === 'crash-after-event-stored',
};

const bus = await createEventBus<WorkEvent>(database, WORK_EVENTS_CHANNEL);
// One session cache for every function in this process (revocations reach it directly).
const sessions = await createSessionCache(database);
const reads = {
  work: await createReadCache(database, WORK_CHANGES_CHANNEL, { metrics }),
  billing: await createReadCache(database, BILLING_CHANGES_CHANNEL, { metrics }),
};

// Demo accounts and their company's data go only into a new embedded database, never in production.
const demo = database.kind === 'pglite' && config.NODE_ENV !== 'production';
const seeded = demo
  ? await seedDemo({ db, jobs, bus, publicUrl: config.PUBLIC_URL, ...billing, payByCard: demoPayments?.payByCard })
  : undefined;
if (seeded) log.info({ invoices: seeded.invoices.map((i) => i.number ?? 'draft') }, 'demo accounts and data created');

const shared = {
  db,
  sessions,
  jobs,
  log,
  metrics,
  ready,
  trustProxy: config.TRUST_PROXY,
  publicUrl: config.PUBLIC_URL,
};
const app = createServerApp({
  functions: {
    identity: createIdentityApp(shared),
    work: createWorkApp({ ...shared, bus, reads: reads.work }),
    billing: createBillingApp({ ...shared, ...billing, reads: reads.billing }),
    contact: createContactApp(shared),
  },
  metrics,
  ready,
  webRoot: process.env.WEB_ROOT ?? fileURLToPath(new URL('../../web/build', import.meta.url)),
  mailbox: config.NODE_ENV === 'production' ? undefined : mailer.mailbox,
  sessions: sessionGuard(db, sessions),
});
const server = await listen(app, { port: config.PORT, host: config.HOST });
demoPayments?.aimWebhooks(`http://127.0.0.1:${server.port}`);
const stopReconciler = runsWorker
  ? startReconciler({ ...shared, ...billing }, log, config.BILLING_RECONCILE_INTERVAL_SECONDS)
  : () => {};

const dbLine =
  database.kind === 'pglite'
    ? `embedded PostgreSQL (PGlite) in ${database.dataDir ?? 'memory'}`
    : safeUrl(database.url);
const lines = [
  '',
  `  Coppertone is running at http://localhost:${server.port}  (ready in ${Math.round(performance.now() - started)} ms)`,
  `  database  ${dbLine}`,
  `  mail      ${mailer.describe()}`,
  ...(mailer.mailbox ? [`  mailbox   http://localhost:${server.port}/dev/mailbox`] : []),
  `  functions /api/identity, /api/work, /api/billing, /api/contact`,
  ...(runsWorker
    ? []
    : ['  worker    not in this process (RUN_WORKER=false): run services/worker/src/main.ts beside it']),
  `  payments  ${demoPayments ? `test mode: Stripe stand-in ${demoPayments.urls.stripe}, BTCPay stand-in ${demoPayments.urls.btcpay}` : Object.keys(providers).join(', ') || 'none configured'}`,
  ...(demo ? [`  logins    ${DEMO_USERS.map((u) => u.email).join(', ')} — password ${DEMO_PASSWORD}`] : []),
  ...(seeded
    ? [
        `  demo data ${DEMO_COMPANY}: ${Object.keys(seeded.projects).length} projects with tasks; invoices ${seeded.invoices.map((i) => (i.number ? `${i.number} (${i.status})` : 'a draft')).join(', ')}`,
      ]
    : []),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
onShutdown(log, async () => {
  stopReconciler();
  await server.close();
  await stopOutbox();
  await demoPayments?.close();
  await bus.close();
  await sessions.close();
  await Promise.all([reads.work.close(), reads.billing.close()]);
  await jobs.stop();
  await database.close();
});
