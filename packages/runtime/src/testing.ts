import { createSessionCache } from '@coppertone/auth';
import { createTestDatabase } from '@coppertone/db/testing';
import { startJobs } from '@coppertone/jobs';
import { createLogger, createMetrics, type Metrics } from '@coppertone/observability';
import type { FunctionDeps } from './function.ts';

/**
 * A process's parts for functions under test, as a container gives them: a fresh database, a
 * silent log, metrics of their own, one session cache, and a queue on `queues` (a worker polling
 * twice a second, which the caller gives its jobs with `deps.jobs.work`, or a producer nobody
 * works). `close` stops them all; close the functions built on them first.
 */
export async function startTestProcess(opts: {
  /** The log's name. */
  name: string;
  role: 'worker' | 'producer';
  queues: string[];
  publicUrl: string;
  trustProxy: boolean;
  metrics?: Metrics;
}): Promise<{ deps: FunctionDeps; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const log = createLogger({ name: opts.name, level: 'silent' });
  const jobs = await startJobs({
    database,
    log,
    role: opts.role,
    queues: opts.queues,
    ...(opts.role === 'worker' ? { pollingIntervalSeconds: 0.5 } : {}),
  });
  const sessions = await createSessionCache(database);
  const deps: FunctionDeps = {
    database,
    sessions,
    jobs,
    log,
    metrics: opts.metrics ?? createMetrics({ defaults: false }),
    ready: database.ping,
    publicUrl: opts.publicUrl,
    trustProxy: opts.trustProxy,
  };
  return {
    deps,
    async close() {
      await sessions.close();
      await jobs.stop();
      await database.close();
    },
  };
}
