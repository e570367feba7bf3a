// The whole platform in one process: `npm start`. Embedded PostgreSQL and the dev mailbox unless
// DATABASE_URL / SMTP_URL name real ones.
import { fileURLToPath } from 'node:url';
import { createSessionCache, sessionGuard } from '@coppertone/auth';
import { billingFunction, buildBilling } from '@coppertone/billing';
import { buildContact, contactFunction } from '@coppertone/contact';
import { listen } from '@coppertone/http';
import { buildIdentity, DEMO_COMPANY, DEMO_PASSWORD, DEMO_USERS, identityFunction } from '@coppertone/identity';
import { startJobs } from '@coppertone/jobs';
import { createMailer } from '@coppertone/mail';
import { safeUrl } from '@coppertone/observability';
import { boot, exitOnProblems, type FunctionDeps, onShutdown } from '@coppertone/runtime';
import { buildWork, workFunction } from '@coppertone/work';
import { ALL_QUEUES, startWorker, workerFunction } from '@coppertone/worker';
import { createServerApp } from './app.ts';
import { serverConfigFields } from './config.ts';
import { seedDemo } from './demo-data.ts';
import { startDemoPayments } from './demo-payments.ts';

const started = performance.now();
const { config, log, metrics, database, ready } = await boot({
  name: 'server',
  fields: {
    ...identityFunction.configFields,
    ...workFunction.configFields,
    ...billingFunction.configFields,
    ...contactFunction.configFields,
    ...workerFunction.configFields,
    ...serverConfigFields,
  },
});
const db = database.db;
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });

// Without provider credentials (and never in production) payments go to local stand-ins, labelled test mode.
const unconfigured = !config.STRIPE_SECRET_KEY && !config.BTCPAY_URL;
const demoPayments =
  unconfigured && config.NODE_ENV !== 'production' ? await startDemoPayments(config.PUBLIC_URL) : undefined;
const { options: billing, problems } = billingFunction.fromConfig({ ...config, ...demoPayments?.env });
exitOnProblems('server', problems);

// With RUN_WORKER=false the functions still queue jobs, and a worker process beside this one works them.
const runsWorker = config.RUN_WORKER;
const jobs = await startJobs({
  database: database,
  log,
  role: runsWorker ? 'worker' : 'producer',
  queues: ALL_QUEUES,
  metrics,
});
const stopWorker = runsWorker
  ? await startWorker(jobs, {
      db,
      mailer,
      config,
      log,
      billing,
      reconcileIntervalSeconds: config.BILLING_RECONCILE_INTERVAL_SECONDS,
    })
  : async () => {};

// One session cache for every function in this process (revocations reach it directly).
const sessions = await createSessionCache(database);
// Each function built as its own container builds it (src/function.ts of each), from this process's parts.
const deps: FunctionDeps = {
  database,
  jobs,
  sessions,
  log,
  metrics,
  ready,
  publicUrl: config.PUBLIC_URL,
  trustProxy: config.TRUST_PROXY,
};
const functions = {
  identity: await buildIdentity(deps),
  work: await buildWork(deps),
  billing: await buildBilling(deps, billing),
  contact: await buildContact(deps),
};

// Demo accounts and their company's data go only into a new embedded database, never in production.
const demo = database.kind === 'pglite' && config.NODE_ENV !== 'production';
const seeded = demo
  ? await seedDemo({
      db,
      jobs,
      bus: functions.work.bus,
      publicUrl: config.PUBLIC_URL,
      ...billing,
      payByCard: demoPayments?.payByCard,
    })
  : undefined;
if (seeded) log.info({ invoices: seeded.invoices.map((i) => i.number ?? 'draft') }, 'demo accounts and data created');

const app = createServerApp({
  functions: {
    identity: functions.identity.app,
    work: functions.work.app,
    billing: functions.billing.app,
    contact: functions.contact.app,
  },
  metrics,
  ready,
  webRoot: process.env.WEB_ROOT ?? fileURLToPath(new URL('../../web/build', import.meta.url)),
  mailbox: config.NODE_ENV === 'production' ? undefined : mailer.mailbox,
  paymentStandIns: demoPayments?.standIns,
  sessions: sessionGuard(db, sessions),
});
const server = await listen(app, { port: config.PORT, host: config.HOST });
demoPayments?.aimWebhooks(`http://127.0.0.1:${server.port}`);

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
  `  payments  ${demoPayments ? `test mode: Stripe stand-in ${demoPayments.pages.stripe}, BTCPay stand-in ${demoPayments.pages.btcpay} (payer pages, through this server)` : Object.keys(billing.providers).join(', ') || 'none configured'}`,
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
  await server.close();
  await stopWorker();
  await demoPayments?.close();
  for (const fn of Object.values(functions)) await fn.close();
  await sessions.close();
  await jobs.stop();
  await database.close();
});
