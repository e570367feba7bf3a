import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_PATTERN } from '@coppertone/db/testing';
import { httpInServicesOrRepos } from '@coppertone/http/testing';
import { describe, expect, it } from 'vitest';

// Every area of the work function is built the same way, so a reader knows where to look:
// <area>.routes.ts (HTTP only) → <area>.service.ts (rules, transactions) → <area>.repo.ts (all SQL),
// with its schemas in <area>.schema.ts.

const SRC = import.meta.dirname;
const areas = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });

/** events only relays the bus (no table of its own); its payloads are TypeScript types, not HTTP schemas. */
const NO_TABLES = new Set(['events']);

describe('the shape of each area', () => {
  it.each(areas)('%s has its routes, service, schema and (if it reads tables) repo', (area) => {
    const files = readdirSync(join(SRC, area));
    const roles = NO_TABLES.has(area) ? ['routes', 'service'] : ['routes', 'service', 'repo', 'schema'];
    for (const role of roles) expect(files, `${area}/${area}.${role}.ts`).toContain(`${area}.${role}.ts`);
  });

  it('keeps all SQL in repos', () => {
    const outside = sourceFiles(SRC).filter(
      (file) => !file.endsWith('.repo.ts') && SQL_PATTERN.test(readFileSync(file, 'utf8')),
    );
    expect(outside.map((file) => file.slice(SRC.length + 1))).toEqual([]);
  });

  it('keeps HTTP out of services and repos', () => {
    const { checked, offending } = httpInServicesOrRepos(SRC);
    expect(checked).toBeGreaterThan(8);
    expect(offending).toEqual([]);
  });
});
