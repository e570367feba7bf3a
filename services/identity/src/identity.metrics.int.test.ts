import { readMetric } from '@coppertone/observability';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from './testing.ts';

// users_registered_total: the sign-ups the business dashboard shows.

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

it('a sign-up moves users_registered_total by one; a refused one does not', async () => {
  const before = await readMetric(h.metrics, 'users_registered_total');
  expect(before).toBeGreaterThan(0); // the demo accounts
  const res = await h.client().post('/register', {
    name: 'Ines Duarte',
    email: 'ines@example.com',
    password: 'copper-lantern-58',
  });
  expect(res.status).toBe(202);
  expect(await readMetric(h.metrics, 'users_registered_total')).toBe(before + 1);
  const weak = await h.client().post('/register', { name: 'Weak', email: 'weak@example.com', password: 'short' });
  expect(weak.status).toBe(400);
  expect(await readMetric(h.metrics, 'users_registered_total')).toBe(before + 1);
});
