// `npm run bench`: load, shipped JavaScript and cold start of the all-in-one server, against targets.
// Tables go to stdout, progress to stderr. A missed target is reported, never a failure.
// BENCH_DURATION=<s> shortens the load runs (default 10); WEB_ROOT=<dir> serves that folder instead of
// the web app's build.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { type Cluster, freePort, postgresBinDir, startCluster } from '@coppertone/db/testing';
import { coldStart } from './bench/cold-start.ts';
import { pageJs } from './bench/js-size.ts';
import { getHealth, getHome, type LoadResult, postMessage, runLoad } from './bench/load.ts';
import { onCleanup, ROOT, type Server, startServer } from './bench/server.ts';
import { count, kb, median, ms, print, progress, table, verdict } from './bench/table.ts';

const CONNECTIONS = 50;
const WARMUP_S = 2;
const POST_P99_TARGET_MS = 50;
const JS_BUDGET_BYTES = 30 * 1024;
const COLD_START_TARGET_MS = 5_000;
const WARM_STARTS = 3;
const PAGES = ['/', '/services', '/about', '/contact', '/privacy'];

const duration = Number(process.env.BENCH_DURATION || 10);
if (!(duration > 0)) throw new Error(`BENCH_DURATION must be a number of seconds, got "${process.env.BENCH_DURATION}"`);
const webRoot = process.env.WEB_ROOT;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the server and the database …`);
    process.exit(signal === 'SIGINT' ? 130 : 143); // the 'exit' clean-up kills children, stops the cluster
  });
}

const cpu = cpus();
const postgres = execFileSync(join(postgresBinDir(), 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
print(
  [
    'Coppertone benchmark',
    '',
    `  date      ${new Date().toISOString()}`,
    `  node      ${process.version}`,
    `  cpus      ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    `  database  ${postgres} (throwaway cluster); PGlite for the start-up section`,
    `  load      autocannon, ${CONNECTIONS} connections, ${duration} s per endpoint after a ${WARMUP_S} s warm-up`,
    `  web root  ${webRoot ?? 'apps/web/build'}`,
    '',
    '',
  ].join('\n'),
);

// --- The database and the server --------------------------------------------------------------
progress('Starting a throwaway PostgreSQL …');
const cluster: Cluster = await startCluster();
onCleanup(() => cluster.stop());

if (!webRoot && !existsSync(join(ROOT, 'apps/web/build/index.html'))) {
  progress('apps/web/build/index.html is missing: building the web app (npm run build -w @coppertone/web) …');
  const build = spawnSync('npm', ['run', 'build', '-w', '@coppertone/web'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) {
    throw new Error('The web app build failed (output above). To bench with a stand-in: WEB_ROOT=<dir> npm run bench');
  }
}

const serverEnv = {
  TRUST_PROXY: 'true',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  ...(webRoot ? { WEB_ROOT: webRoot } : {}),
};
progress('Starting the server on PostgreSQL …');
const server: Server = startServer(await freePort(), { ...serverEnv, DATABASE_URL: cluster.url });
await server.waitFor('/readyz', { timeoutMs: 60_000, intervalMs: 100 });

// --- Load ------------------------------------------------------------------------------------------
const loads: LoadResult[] = [];
for (const target of [getHome, postMessage, getHealth]) {
  progress(`Load: ${target.label} (${WARMUP_S} s warm-up + ${duration} s) …`);
  loads.push(await runLoad(server.url, target, { connections: CONNECTIONS, duration, warmup: WARMUP_S }));
}
print(
  table(
    `Load (${CONNECTIONS} connections, ${duration} s each)`,
    ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'target', 'result'],
    loads.map((r) => {
      const isPost = r.label === postMessage.label;
      return [
        r.label,
        count(r.rps),
        ms(r.p50),
        ms(r.p99),
        ms(r.max),
        count(r.total),
        count(r.errors),
        isPost ? `p99 < ${POST_P99_TARGET_MS} ms` : '-',
        isPost ? verdict(r.p99 < POST_P99_TARGET_MS && r.errors === 0) : '-',
      ];
    }),
    [
      `${getHealth.label} is a reference: the same HTTP stack with no database work.`,
      'errors = connection errors and timeouts + non-2xx answers. Status codes seen:',
      ...loads.map((r) => `  ${r.label}: ${r.statuses}${r.clean ? '' : '  <-- unexpected statuses or errors'}`),
    ],
  ),
);

// --- Shipped JavaScript ----------------------------------------------------------------------------
progress('Measuring the JavaScript each page ships …');
const cache = new Map<string, Buffer | null>();
const pages = [];
for (const path of PAGES) pages.push(await pageJs(server.url, path, cache));
print(
  table(
    'JavaScript shipped per page (same-origin, static import graph, gzip -9)',
    ['page', 'files', 'raw KB', 'gzip KB', 'budget', 'result'],
    pages.map((p) => [
      p.path,
      p.files,
      kb(p.rawBytes),
      kb(p.gzipBytes),
      `≤ ${kb(JS_BUDGET_BYTES)} KB`,
      p.status === 200 ? verdict(p.gzipBytes <= JS_BUDGET_BYTES && !p.missing.length) : `HTTP ${p.status}`,
    ]),
    ['KB = 1024 bytes', ...pages.flatMap((p) => p.missing.map((m) => `${p.path}: ${m} did not answer 200`))],
  ),
);

progress('Stopping the server and PostgreSQL …');
await server.stop();
cluster.stop();

// --- Cold start ------------------------------------------------------------------------------------
const cold = await coldStart(serverEnv, WARM_STARTS);
const warmMedian = median(cold.warmMs);
print(
  table(
    'Start-up on embedded PostgreSQL (PGlite), spawn → GET / answers 200',
    ['start', 'ms', 'target', 'result'],
    [
      ['first (creates the data dir, until /readyz)', ms(cold.createMs), '-', '-'],
      ...cold.warmMs.map((t, i) => [
        `existing data dir #${i + 1}`,
        ms(t),
        `< ${COLD_START_TARGET_MS} ms`,
        verdict(t < COLD_START_TARGET_MS),
      ]),
      [
        'existing data dir, median',
        ms(warmMedian),
        `< ${COLD_START_TARGET_MS} ms`,
        verdict(warmMedian < COLD_START_TARGET_MS),
      ],
    ],
  ),
);
progress('Done.');
