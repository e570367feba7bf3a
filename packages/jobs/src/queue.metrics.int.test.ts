import { createLogger, createMetrics, readMetric } from '@coppertone/observability';
import { describe, expect, it } from 'vitest';
import { workerForThisFile } from './queue.testing.ts';

// The worker's queue metrics, which the "job queue stuck" alert reads.

const QUEUE = 'metrics-test';
const FAILING = 'metrics-test-failing';
const metrics = createMetrics({ defaults: false, sampleTtlMs: 0 });
const worker = workerForThisFile({
  queues: [QUEUE, FAILING],
  log: createLogger({ name: 'jobs-test', level: 'silent' }),
  metrics,
});

describe('queue metrics', () => {
  it('jobs_queued and jobs_oldest_queued_age_seconds show a job nobody works yet', async () => {
    expect(await readMetric(metrics, 'jobs_queued', { queue: QUEUE })).toBe(0);
    expect(await readMetric(metrics, 'jobs_oldest_queued_age_seconds', { queue: QUEUE })).toBe(0);
    await worker.jobs.send(QUEUE, { n: 1 });
    await worker.jobs.send(QUEUE, { n: 2 });
    expect(await readMetric(metrics, 'jobs_queued', { queue: QUEUE })).toBe(2);
    expect(await readMetric(metrics, 'jobs_oldest_queued_age_seconds', { queue: QUEUE })).toBeGreaterThanOrEqual(0);
    const text = await metrics.registry.metrics();
    expect(text).toContain(`jobs_queued{queue="${QUEUE}"} 2`);
    expect(text).toContain(`jobs_queued{queue="${FAILING}"} 0`);
  });

  it('jobs_failed_total counts a job once it has failed its last attempt, not its retries', async () => {
    await worker.jobs.boss.updateQueue(FAILING, { retryLimit: 1, retryDelay: 0, retryBackoff: false });
    let runs = 0;
    await worker.jobs.work([
      {
        name: FAILING,
        handle: async () => {
          runs++;
          throw new Error('always fails');
        },
      },
    ]);
    await worker.jobs.send(FAILING, {});
    const end = Date.now() + 20_000;
    while ((await readMetric(metrics, 'jobs_failed_total', { queue: FAILING })) < 1 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await readMetric(metrics, 'jobs_failed_total', { queue: FAILING })).toBe(1);
    expect(runs).toBe(2);
  });
});
