// The work function on its own (one container): `node services/work/src/main.ts`.

import { createSessionCache } from '@coppertone/auth';
import { createEventBus } from '@coppertone/db';
import { createReadCache, listen } from '@coppertone/http';
import { startJobs } from '@coppertone/jobs';
import { boot, onShutdown } from '@coppertone/runtime';
import { createWorkApp, WORK_CHANGES_CHANNEL } from './app.ts';
import { WORK_EVENTS_CHANNEL, type WorkEvent } from './events/events.types.ts';
import { TASK_ASSIGNED_JOB } from './tasks/tasks.jobs.ts';

const { config, log, metrics, database, ready } = await boot({ name: 'work', fields: {} });
const jobs = await startJobs({ database: database, log, role: 'producer', queues: [TASK_ASSIGNED_JOB] });
const sessions = await createSessionCache(database);
const reads = await createReadCache(database, WORK_CHANGES_CHANNEL, { metrics });
const bus = await createEventBus<WorkEvent>(database, WORK_EVENTS_CHANNEL);
const app = createWorkApp({
  db: database.db,
  sessions,
  reads,
  jobs,
  bus,
  log,
  metrics,
  ready,
  publicUrl: config.PUBLIC_URL,
});
const server = await listen(app, { port: config.PORT, host: config.HOST });
log.info({ port: server.port }, 'work function listening');
onShutdown(log, async () => {
  await server.close();
  await sessions.close();
  await reads.close();
  await bus.close();
  await jobs.stop();
  await database.close();
});
