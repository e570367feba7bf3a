import { Writable } from 'node:stream';
import { createLogger, type Logger, withRequestId } from '@coppertone/observability';
import { expect, it } from 'vitest';
import { workerForThisFile } from './queue.testing.ts';
import type { JobDefinition } from './queue.ts';

// A request id found in a user's error leads to every line of that request, also the worker's
// lines about the jobs it queued (the logs dashboard's query by request id).

const QUEUE = 'request-id-test';
const lines: Array<Record<string, unknown>> = [];
const destination = new Writable({
  write(chunk, _enc, cb) {
    lines.push(JSON.parse(String(chunk)));
    cb();
  },
});
const worker = workerForThisFile({ queues: [QUEUE], log: createLogger({ name: 'worker', destination }) });

it('the worker logs a job with the id of the request that queued it; a job queued outside a request has none', async () => {
  const seen: unknown[] = [];
  await worker.jobs.work([
    {
      name: QUEUE,
      handle: async (data: { n: number }, ctx: { log: Logger }) => {
        seen.push(data.n);
        ctx.log.info({ n: data.n }, 'handled');
      },
    } satisfies JobDefinition<{ n: number }> as never,
  ]);
  await withRequestId('4f1e0b6c9a7c11d2', () => worker.jobs.send(QUEUE, { n: 1 }));
  await worker.jobs.send(QUEUE, { n: 2 });
  const end = Date.now() + 20_000;
  while (lines.filter((l) => l.msg === 'handled').length < 2 && Date.now() < end)
    await new Promise((r) => setTimeout(r, 100));
  const handled = lines.filter((l) => l.msg === 'handled');
  expect(handled.map((l) => [l.n, l.requestId])).toEqual(
    expect.arrayContaining([
      [1, '4f1e0b6c9a7c11d2'],
      [2, undefined],
    ]),
  );
  expect(lines.filter((l) => l.msg === 'job done' && l.requestId === '4f1e0b6c9a7c11d2')).toHaveLength(1);
  expect(seen.sort()).toEqual([1, 2]);
});
