// `npm run api:generate`: writes the browser's types for each function's API,
// apps/web/src/lib/api/generated/<function>.ts, from the OpenAPI document the function serves.
// `--check` writes nothing and fails naming each function whose committed file is stale
// (scripts/api/generate.test.ts runs the same comparison in the unit tier).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { ROOT } from '../lib/web-build.ts';
import { FUNCTIONS, type FunctionName, openApiDocument } from './documents.ts';

export const GENERATED_DIR = join(ROOT, 'apps/web/src/lib/api/generated');
export const generatedPath = (name: FunctionName): string => join(GENERATED_DIR, `${name}.ts`);

const header = (name: FunctionName) =>
  `// The ${name} function's API as TypeScript types, generated from its OpenAPI document
// (services/${name}, GET /api/${name}/openapi.json) by \`npm run api:generate\`. Do not edit:
// change the route's schema and run it again (npm test fails while this file is stale).
`;

/** Biome's own formatting, so the generated files pass \`biome check\` like every other file. */
function format(path: string, text: string): string {
  const res = spawnSync('npx', ['biome', 'format', `--stdin-file-path=${relative(ROOT, path)}`], {
    cwd: ROOT,
    input: text,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (res.status !== 0) throw new Error(`biome format of ${relative(ROOT, path)} failed: ${res.stderr || res.error}`);
  return res.stdout;
}

/**
 * The document with only each operation's success answers: every error answer reaches the browser as
 * an ApiError (lib/api/client.ts), so their types would be dead weight, repeated once per route.
 */
function successesOnly(doc: OpenAPI3): OpenAPI3 {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  for (const item of Object.values(paths))
    for (const operation of Object.values(item))
      if (operation?.responses)
        operation.responses = Object.fromEntries(
          Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status)),
        );
  return doc;
}

/** The file's text as it should be committed now. */
export async function generatedText(name: FunctionName): Promise<string> {
  const doc = successesOnly(await openApiDocument(name));
  // Fields with a default are optional in what the browser sends (the server fills them in).
  const ast = await openapiTS(doc, { silent: true, defaultNonNullable: false });
  return format(generatedPath(name), `${header(name)}\n${astToString(ast)}`);
}

/** The functions whose committed file differs from what their document gives now. */
export async function staleFunctions(): Promise<FunctionName[]> {
  const stale: FunctionName[] = [];
  for (const name of FUNCTIONS) {
    const path = generatedPath(name);
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (committed !== (await generatedText(name))) stale.push(name);
  }
  return stale;
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    process.stdout.write(
      'Usage: npm run api:generate [-- --check]\n' +
        'Writes apps/web/src/lib/api/generated/<function>.ts from each function OpenAPI document;\n' +
        '--check writes nothing and exits 1 naming the functions whose file is stale.\n',
    );
    return 0;
  }
  if (args.includes('--check')) {
    const stale = await staleFunctions();
    for (const name of stale)
      process.stdout.write(`stale: ${relative(ROOT, generatedPath(name))} (run npm run api:generate)\n`);
    if (!stale.length) process.stdout.write(`current: ${FUNCTIONS.join(', ')}\n`);
    return stale.length ? 1 : 0;
  }
  for (const name of FUNCTIONS) {
    const path = generatedPath(name);
    writeFileSync(path, await generatedText(name));
    process.stdout.write(`wrote ${relative(ROOT, path)}\n`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
