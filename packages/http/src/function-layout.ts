import { sqlOutsideRepos } from '@coppertone/db/testing';
import { describe, expect, it } from 'vitest';
import { httpInServicesOrRepos } from './http-outside-routes.ts';

/**
 * The layout test of a function whose source is under `src`: every query is in a repo
 * (<area>.repo.ts), so a reader finds the SQL in one kind of file and a review sees each query
 * change there; services and repos know nothing of HTTP. Kept apart from `./testing` because it
 * declares Vitest tests, and the benchmarks import `./testing` outside Vitest.
 */
export function describeFunctionLayout(name: string, src: string): void {
  describe(`the layout of the ${name} function`, () => {
    it('keeps all SQL in repos (tests and their harness aside)', () => {
      expect(sqlOutsideRepos(src)).toEqual([]);
    });

    it('keeps HTTP out of services and repos', () => {
      const { checked, offending } = httpInServicesOrRepos(src);
      expect(checked).toBeGreaterThan(3);
      expect(offending).toEqual([]);
    });
  });
}
