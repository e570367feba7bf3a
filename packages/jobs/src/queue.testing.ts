import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { createLogger, type Logger, type Metrics } from '@coppertone/observability';
import { afterAll, beforeAll } from 'vitest';
import { type Jobs, startJobs } from './queue.ts';

/**
 * A worker on a database of its own for one test file, polling twice a second: started before its
 * tests, stopped after them. Read `jobs` inside a test (it is there once the file's tests run).
 */
export function workerForThisFile(opts: { queues: string[]; log?: Logger; metrics?: Metrics }): {
  readonly jobs: Jobs;
} {
  let database: DatabaseHandle | undefined;
  let jobs: Jobs | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = await startJobs({
      database,
      log: opts.log ?? createLogger({ name: 'worker', level: 'silent' }),
      role: 'worker',
      queues: opts.queues,
      pollingIntervalSeconds: 0.5,
      metrics: opts.metrics,
    });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });
  return {
    get jobs() {
      if (!jobs) throw new Error('the worker is not started: read jobs inside a test');
      return jobs;
    },
  };
}
