// `npm run docs:tour -w @coppertone/e2e`: the README's tour pictures (docs/tour/*.jpg), taken by
// tests/tour.spec.ts against an all-in-one server on a new embedded database, so they show the demo
// data and nothing another journey left behind. Replaces the previous pictures; prints their sizes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWebBuild, ROOT } from '../scripts/lib/web-build.ts';

if (process.argv.includes('--help')) {
  process.stdout.write(
    'Usage: npm run docs:tour -w @coppertone/e2e\n' +
      'Walks the tour (e2e/tests/tour.spec.ts) on a new demo database and writes its screenshots to docs/tour/.\n',
  );
  process.exit(0);
}

const OUT = join(ROOT, 'docs/tour');
const E2E = join(ROOT, 'e2e');

/** A port nothing listens on now, for this run's server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const step = (line: string) => process.stdout.write(`tour: ${line}\n`);

ensureWebBuild((line) => step(line));
const data = mkdtempSync(join(tmpdir(), 'coppertone-tour-'));
let status = 1;
try {
  mkdirSync(OUT, { recursive: true });
  for (const name of readdirSync(OUT)) if (name.endsWith('.jpg')) rmSync(join(OUT, name));
  step(`walking the tour on a new database in ${data}, pictures to ${OUT}`);
  const started = performance.now();
  const run = spawnSync('npx', ['playwright', 'test', '-c', 'playwright.config.ts', 'tests/tour.spec.ts'], {
    cwd: E2E,
    stdio: 'inherit',
    // Ten minutes at most: the tour takes well under one, the server's first start about ten seconds.
    timeout: 600_000,
    env: {
      ...process.env,
      TOUR_SHOTS: OUT,
      E2E_DATA_DIR: data,
      E2E_PORT: String(await freePort()),
      E2E_PORT_B: String(await freePort()),
    },
  });
  status = run.status ?? 1;
  step(`tour ${status === 0 ? 'passed' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  rmSync(data, { recursive: true, force: true });
}

const pictures = readdirSync(OUT)
  .filter((name) => name.endsWith('.jpg'))
  .map((name) => ({ name, bytes: statSync(join(OUT, name)).size }));
for (const p of pictures) step(`${p.name.padEnd(28)} ${(p.bytes / 1024).toFixed(0).padStart(5)} KB`);
const total = pictures.reduce((sum, p) => sum + p.bytes, 0);
step(`${pictures.length} pictures, ${(total / 1024).toFixed(0)} KB in all`);
if (status !== 0) process.stderr.write('tour: the tour failed (see above); its pictures are incomplete.\n');
process.exit(status);
