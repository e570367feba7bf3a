// The worker on its own (one container): runs queued jobs; serves only health and metrics.
import { createFunctionApp, listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import { createMailer } from '@coppertone/mail';
import { boot, onShutdown } from '@coppertone/runtime';
import { workerConfigFields } from './config.ts';
import { ALL_QUEUES, allJobs } from './jobs.ts';

const { config, log, metrics, database, ready } = await boot({ name: 'worker', fields: workerConfigFields });
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
const jobs = await startJobs({ url: database.url, log, role: 'worker', queues: ALL_QUEUES });
await jobs.work(allJobs({ db: database.db, mailer, config }));
const server = await listen(createFunctionApp({ name: 'worker', log, metrics, ready, publicUrl: config.PUBLIC_URL }), {
  port: config.PORT,
  host: config.HOST,
});
log.info({ port: server.port, mail: mailer.describe() }, 'worker running');
onShutdown(log, async () => {
  await server.close();
  await jobs.stop();
  await database.close();
});
