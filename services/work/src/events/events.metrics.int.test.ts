import { revokeUserSessions } from '@coppertone/auth';
import { readMetric } from '@coppertone/observability';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';

// sse_connections: the open live-update streams the overview dashboard shows.

let h: WorkHarness;
beforeAll(async () => {
  h = await setupWork();
});
afterAll(() => h.close());

it('counts a live-update stream while it is open, and not once it has ended', async () => {
  const before = await readMetric(h.metrics, 'sse_connections');
  const stream = await (await h.as('clientA')).events('/events');
  expect((await stream.next())?.event).toBe('ready');
  expect(await readMetric(h.metrics, 'sse_connections')).toBe(before + 1);
  await revokeUserSessions(h.db, h.users.clientA);
  expect(await stream.next(10_000)).toBeUndefined();
  const end = Date.now() + 5000;
  while ((await readMetric(h.metrics, 'sse_connections')) !== before && Date.now() < end)
    await new Promise((r) => setTimeout(r, 50));
  expect(await readMetric(h.metrics, 'sse_connections')).toBe(before);
  stream.close();
});
