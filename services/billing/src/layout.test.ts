import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sqlOutsideRepos } from '@coppertone/db/testing';
import { describe, expect, it } from 'vitest';

// Every query of the billing function is in a repo (<area>.repo.ts), so a reader finds the SQL in one
// kind of file and a review sees each query change there; services and repos know nothing of HTTP.

const SRC = import.meta.dirname;
const layered = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return layered(path);
    return /\.(service|repo)\.ts$/.test(name) ? [path] : [];
  });

describe('the layout of the billing function', () => {
  it('keeps all SQL in repos (tests and their harness aside)', () => {
    expect(sqlOutsideRepos(SRC)).toEqual([]);
  });

  it('keeps HTTP out of services and repos', () => {
    const files = layered(SRC);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from 'hono|defineRoute|c\.req\./);
  });
});
