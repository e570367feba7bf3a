import { sqlOutsideRepos } from '@coppertone/db/testing';
import { httpInServicesOrRepos } from '@coppertone/http/testing';
import { describe, expect, it } from 'vitest';

// Every query of the contact function is in a repo (<area>.repo.ts), so a reader finds the SQL in one
// kind of file and a review sees each query change there; services and repos know nothing of HTTP.

const SRC = import.meta.dirname;

describe('the layout of the contact function', () => {
  it('keeps all SQL in repos (tests and their harness aside)', () => {
    expect(sqlOutsideRepos(SRC)).toEqual([]);
  });

  it('keeps HTTP out of services and repos', () => {
    const { checked, offending } = httpInServicesOrRepos(SRC);
    expect(checked).toBeGreaterThan(3);
    expect(offending).toEqual([]);
  });
});
