// The contact function on its own (one container): `node services/contact/src/main.ts`.
import { listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import { boot, onShutdown } from '@coppertone/runtime';
import { createContactApp } from './app.ts';
import { contactConfigFields } from './config.ts';
import { NOTIFY_STAFF_JOB } from './messages/messages.jobs.ts';

const { config, log, metrics, database, ready } = await boot({ name: 'contact', fields: contactConfigFields });
const jobs = await startJobs({ database: database, log, role: 'producer', queues: [NOTIFY_STAFF_JOB] });
const app = createContactApp({
  db: database.db,
  jobs,
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
  await jobs.stop();
  await database.close();
});
