import { expect, it } from 'vitest';
import { workerForThisFile } from './queue.testing.ts';
import type { JobDefinition } from './queue.ts';

// A burst of mail (an invitation round) drains in parallel when its job kind says so, instead of
// one job after another: each handler here waits until another runs beside it, or gives up.

const QUEUE = 'concurrency-test';
const worker = workerForThisFile({ queues: [QUEUE] });

it('a job kind with concurrency 3 runs several of its jobs at once in one worker, never more than 3', async () => {
  let running = 0;
  let most = 0;
  let done = 0;
  await worker.jobs.work([
    {
      name: QUEUE,
      concurrency: 3,
      handle: async () => {
        running++;
        most = Math.max(most, running);
        // Wait (at most 10 s) for company: with one job at a time it never comes.
        const end = Date.now() + 10_000;
        while (running < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 100));
        running--;
        done++;
      },
    } satisfies JobDefinition<{ n: number }> as never,
  ]);
  for (let n = 0; n < 6; n++) await worker.jobs.send(QUEUE, { n });
  const end = Date.now() + 60_000;
  while (done < 6 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  expect(done).toBe(6);
  expect(most).toBeGreaterThanOrEqual(2);
  expect(most).toBeLessThanOrEqual(3);
});
