import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What only a routes file may use: Hono, route declarations, the request. */
const HTTP_PATTERN = /from 'hono|defineRoute|c\.req\./;

/**
 * A function's services and repos (under `dir`) and those of them that use HTTP: a layout test
 * expects `offending` empty and `checked` to be more than a few (a scan that found no file proves
 * nothing).
 */
export function httpInServicesOrRepos(dir: string): { checked: number; offending: string[] } {
  const layered = (at: string): string[] =>
    readdirSync(at).flatMap((name) => {
      const path = join(at, name);
      if (statSync(path).isDirectory()) return layered(path);
      return /\.(service|repo)\.ts$/.test(name) ? [path] : [];
    });
  const files = layered(dir);
  return {
    checked: files.length,
    offending: files.filter((file) => HTTP_PATTERN.test(readFileSync(file, 'utf8'))).map((file) => relative(dir, file)),
  };
}
