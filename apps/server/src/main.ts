// The whole platform in one process: `npm start`. Embedded PostgreSQL and the dev mailbox unless
// DATABASE_URL / SMTP_URL name real ones.
import { fileURLToPath } from 'node:url';
import { sessionGuard } from '@coppertone/auth';
import { listen } from '@coppertone/http';
import { DEMO_COMPANY, DEMO_PASSWORD, DEMO_USERS } from '@coppertone/identity';
import { safeUrl } from '@coppertone/observability';
import { boot, onShutdown } from '@coppertone/runtime';
import { createServerApp } from './app.ts';
import { allInOneConfigFields, assembleServer } from './assemble.ts';
import { seedDemo } from './demo.ts';

const started = performance.now();
const booted = await boot({ name: 'server', fields: allInOneConfigFields });
const { config, log, metrics, database, ready } = booted;
const db = database.db;
// Every function, the worker (unless RUN_WORKER=false) and, without provider credentials, the payment
// stand-ins (test mode): the same assembly the demo's integration test runs.
const server = await assembleServer(booted);
const { mailer, demoPayments, billing, functions, runsWorker, sessions } = server;

// Demo accounts and their company's data go only into a new embedded database, never in production.
const demo = database.kind === 'pglite' && config.NODE_ENV !== 'production';
const seeded = demo ? await seedDemo(server) : undefined;
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
const listening = await listen(app, { port: config.PORT, host: config.HOST });
demoPayments?.aimWebhooks(`http://127.0.0.1:${listening.port}`);

const dbLine =
  database.kind === 'pglite'
    ? `embedded PostgreSQL (PGlite) in ${database.dataDir ?? 'memory'}`
    : safeUrl(database.url);
const lines = [
  '',
  `  Coppertone is running at http://localhost:${listening.port}  (ready in ${Math.round(performance.now() - started)} ms)`,
  `  database  ${dbLine}`,
  `  mail      ${mailer.describe()}`,
  ...(mailer.mailbox ? [`  mailbox   http://localhost:${listening.port}/dev/mailbox`] : []),
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
  await listening.close();
  await server.close();
  await database.close();
});
