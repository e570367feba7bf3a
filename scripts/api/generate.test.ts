import { describe, expect, it } from 'vitest';
import { staleFunctions } from './generate.ts';

describe('the browser API types (apps/web/src/lib/api/generated)', () => {
  // A route's schema changed without `npm run api:generate`: the browser would compile against the old shape.
  it('match what every function OpenAPI document gives now', async () => {
    expect(await staleFunctions(), 'stale generated files: run npm run api:generate').toEqual([]);
  }, 120_000);
});
