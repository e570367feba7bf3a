// The whole platform in one process: `npm start`. Embedded PostgreSQL and the dev mailbox unless
// DATABASE_URL / SMTP_URL name real ones.
import { fileURLToPath } from 'node:url';
import { createContactApp } from '@coppertone/contact';
import { createEventBus } from '@coppertone/db';
import { listen } from '@coppertone/http';
import { createIdentityApp, DEMO_PASSWORD, DEMO_USERS, seedDemoAccounts } from '@coppertone/identity';
import { startJobs } from '@coppertone/jobs';
import { createMailer } from '@coppertone/mail';
import { safeUrl } from '@coppertone/observability';
import { boot, onShutdown } from '@coppertone/runtime';
import { createWorkApp, WORK_EVENTS_CHANNEL, type WorkEvent } from '@coppertone/work';
import { ALL_QUEUES, allJobs, workerConfigFields } from '@coppertone/worker';
import { createServerApp } from './app.ts';

const started = performance.now();
const { config, log, metrics, database, ready } = await boot({ name: 'server', fields: workerConfigFields });
const db = database.db;
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
const jobs = await startJobs({ url: database.url, log, role: 'worker', queues: ALL_QUEUES });
await jobs.work(allJobs({ db, mailer, config }));

// Demo accounts go only into a new embedded database, never in production.
const demo = database.kind === 'pglite' && config.NODE_ENV !== 'production';
if (demo && (await seedDemoAccounts(db))) log.info('demo accounts created');

const bus = await createEventBus<WorkEvent>(database, WORK_EVENTS_CHANNEL);
const shared = { db, jobs, log, metrics, ready, trustProxy: config.TRUST_PROXY, publicUrl: config.PUBLIC_URL };
const app = createServerApp({
  functions: {
    identity: createIdentityApp(shared),
    work: createWorkApp({ ...shared, bus }),
    contact: createContactApp(shared),
  },
  metrics,
  ready,
  webRoot: process.env.WEB_ROOT ?? fileURLToPath(new URL('../../web/build', import.meta.url)),
  mailbox: config.NODE_ENV === 'production' ? undefined : mailer.mailbox,
});
const server = await listen(app, { port: config.PORT, host: config.HOST });

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
  `  functions /api/identity, /api/work, /api/contact`,
  ...(demo ? [`  logins    ${DEMO_USERS.map((u) => u.email).join(', ')} — password ${DEMO_PASSWORD}`] : []),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
onShutdown(log, async () => {
  await server.close();
  await bus.close();
  await jobs.stop();
  await database.close();
});
