import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The start of a Kysely query, or raw SQL. */
export const SQL_PATTERN = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^>]*>)?`/;

/**
 * A function's source files (under `dir`, relative to it) that hold SQL although they are not repos
 * (`*.repo.ts`): what a layout test expects to be empty. Tests and their harness (`testing.ts`) are
 * left out: they read tables directly to check what was stored.
 */
export function sqlOutsideRepos(dir: string): string[] {
  const files = (at: string): string[] =>
    readdirSync(at).flatMap((name) => {
      const path = join(at, name);
      if (statSync(path).isDirectory()) return files(path);
      const testCode = name.endsWith('.test.ts') || name === 'testing.ts';
      return name.endsWith('.ts') && !testCode && !name.endsWith('.repo.ts') ? [path] : [];
    });
  return files(dir)
    .filter((file) => SQL_PATTERN.test(readFileSync(file, 'utf8')))
    .map((file) => relative(dir, file));
}
