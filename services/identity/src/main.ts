// The identity function on its own (one container): `node services/identity/src/main.ts`.
import { createSessionCache } from '@coppertone/auth';
import { listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import { boot, onShutdown } from '@coppertone/runtime';
import { ACCOUNT_MAIL_JOB } from './accounts/accounts.jobs.ts';
import { createIdentityApp } from './app.ts';

const { config, log, metrics, database, ready } = await boot({ name: 'identity', fields: {} });
const jobs = await startJobs({ database: database, log, role: 'producer', queues: [SEND_MAIL_JOB, ACCOUNT_MAIL_JOB] });
const sessions = await createSessionCache(database);
const app = createIdentityApp({
  db: database.db,
  sessions,
  jobs,
  log,
  metrics,
  ready,
  publicUrl: config.PUBLIC_URL,
  trustProxy: config.TRUST_PROXY,
});
const server = await listen(app, { port: config.PORT, host: config.HOST });
log.info({ port: server.port }, 'identity function listening');
onShutdown(log, async () => {
  await server.close();
  await sessions.close();
  await jobs.stop();
  await database.close();
});
