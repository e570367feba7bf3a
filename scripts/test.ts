// `npm test`: every tier, in order — lint, type-check, unit + integration on a throwaway PostgreSQL,
// the integration suite again on embedded PGlite, the web build, and the browser journeys.
// Prints the time of each phase and ends with one line: `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@coppertone/db/testing';
import { ensureWebBuild, ROOT } from './lib/web-build.ts';

interface Tally {
  passed: number;
  failed: number;
}
interface Phase extends Tally {
  name: string;
  seconds: number;
}

const phases: Phase[] = [];
const only = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'coppertone-test-'));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status === 0;
}

async function phase(name: string, body: () => Tally | Promise<Tally>): Promise<void> {
  if (only.length && !only.some((o) => name.startsWith(o))) return;
  process.stdout.write(`\n━━ ${name} ━━\n`);
  const started = performance.now();
  let tally: Tally;
  try {
    tally = await body();
  } catch (err) {
    process.stdout.write(`${name} crashed: ${err instanceof Error ? err.message : String(err)}\n`);
    tally = { passed: 0, failed: 1 };
  }
  const seconds = (performance.now() - started) / 1000;
  phases.push({ name, seconds, ...tally });
  process.stdout.write(`── ${name}: ${tally.passed} passed, ${tally.failed} failed in ${seconds.toFixed(1)} s\n`);
}

/** A check that is one pass or one fail (lint, type-check, build). */
const check = (ok: boolean): Tally => (ok ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

// Vitest runs test files on cores − 1 workers: one on a two-core machine, where an integration file
// spends much of its time waiting on PostgreSQL. Two workers there: the embedded-database tier took
// 102 s instead of 132 s (21 files, an otherwise idle two-core machine, files isolated).
const workers = String(Math.max(2, availableParallelism() - 1));

function vitest(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Tally {
  const out = join(tmp, `${name}.json`);
  const ok = run(
    'npx',
    [
      'vitest',
      'run',
      `--maxWorkers=${workers}`,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
      ...args,
    ],
    env,
  );
  if (!existsSync(out)) return { passed: 0, failed: 1 };
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const failed = r.numFailedTests + (ok || r.numFailedTests ? 0 : 1);
  return { passed: r.numPassedTests, failed };
}

await phase('lint', () => check(run('npx', ['biome', 'check', '.'])));
// The three type checks at once (each is one single-threaded compiler); each one's output is
// printed when it ends.
function runCaptured(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(out));
      done(code === 0);
    });
  });
}
await phase('typecheck', async () => {
  const results = await Promise.all([
    runCaptured('npx', ['tsc', '-p', 'tsconfig.json']),
    runCaptured('npx', ['tsc', '-p', 'deploy/tsconfig.json']),
    runCaptured('npm', ['run', 'check', '-w', '@coppertone/web', '--silent']),
  ]);
  return check(results.every(Boolean));
});
await phase('unit + integration (PostgreSQL)', () => vitest('vitest-pg', []));
// The integration tests whose outcome can depend on the engine, run again on embedded PGlite (what
// `npm start` and the E2E tier run on): the migrations, the job queue through PGlite's one session,
// money under concurrency and locking, LISTEN/NOTIFY, dates and times, ordering by timestamps, the
// contact function's one-statement inserts, the demo. The rest (authorization matrices, validation,
// mail texts) runs the same SQL the E2E journeys already run on PGlite: all 51 files took 168 s in
// CI beside the image builds, the 21 below 94 s, and CI must stay under 30 minutes.
// `TEST_DB=pglite npx vitest run --project integration` runs all of them on PGlite.
const PGLITE_TESTS = [
  'packages/db/src/migrate.int.test.ts',
  'packages/jobs/src/',
  'packages/auth/src/session-cache.int.test.ts',
  'packages/http/src/read-cache.int.test.ts',
  'services/billing/src/payments/',
  'services/billing/src/webhooks/',
  'services/billing/src/invoices/invoices.int.test.ts',
  'services/billing/src/invoices/invoices.from-project.int.test.ts',
  'services/work/src/events/',
  'services/work/src/tasks/update.int.test.ts',
  'services/work/src/dates.int.test.ts',
  'services/contact/src/messages/',
  'services/identity/src/sessions/',
  'apps/server/src/demo.int.test.ts',
];
await phase('integration (PGlite)', () =>
  vitest('vitest-pglite', ['--project', 'integration', ...PGLITE_TESTS], { TEST_DB: 'pglite' }),
);
await phase('build', () => {
  ensureWebBuild();
  return check(existsSync(join(ROOT, 'apps/web/build/index.html')));
});
await phase('e2e (Chromium)', async () => {
  const out = join(tmp, 'e2e.json');
  const dataDir = join(tmp, 'e2e-data');
  const ok = run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
    E2E_PORT: String(await freePort()),
    E2E_PORT_B: String(await freePort()),
    E2E_DATA_DIR: dataDir,
  });
  if (!existsSync(out)) return { passed: 0, failed: 1 };
  const s = JSON.parse(readFileSync(out, 'utf8')).stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected + (ok || s.unexpected ? 0 : 1) };
});

rmSync(tmp, { recursive: true, force: true });
const total = phases.reduce((t, p) => ({ passed: t.passed + p.passed, failed: t.failed + p.failed }), {
  passed: 0,
  failed: 0,
});
process.stdout.write('\nPhase times:\n');
for (const p of phases)
  process.stdout.write(
    `  ${p.name.padEnd(34)} ${p.seconds.toFixed(1).padStart(6)} s  ${p.passed} passed, ${p.failed} failed\n`,
  );
process.stdout.write(`${total.passed} passed, ${total.failed} failed\n`);
process.exit(total.failed ? 1 : 0);
