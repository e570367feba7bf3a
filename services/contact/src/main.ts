// The contact function on its own (one container): `node services/contact/src/main.ts`.
// It stores messages and serves the staff inbox; the worker e-mails staff about new messages and
// sends the inbox's replies (queued jobs).
import { createSessionCache } from '@coppertone/auth';
import { listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import { boot, onShutdown } from '@coppertone/runtime';
import { createContactApp } from './app.ts';
import { contactConfigFields } from './config.ts';

const { config, log, metrics, database, ready } = await boot({ name: 'contact', fields: contactConfigFields });
const jobs = await startJobs({ database, log, role: 'producer', queues: [SEND_MAIL_JOB] });
const sessions = await createSessionCache(database);
const app = createContactApp({
  db: database.db,
  jobs,
  sessions,
  log,
  metrics,
  ready,
  trustProxy: config.TRUST_PROXY,
  publicUrl: config.PUBLIC_URL,
});
const server = await listen(app, { port: config.PORT, host: config.HOST });
log.info({ port: server.port }, 'contact function listening');
onShutdown(log, async () => {
  await server.close();
  await sessions.close();
  await jobs.stop();
  await database.close();
});
