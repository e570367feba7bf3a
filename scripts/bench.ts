// `npm run bench`: load, shipped JavaScript, accounts (issue 3), work and live updates (issue 4) and cold
// start of the all-in-one server, against targets.
// Tables go to stdout, progress to stderr. A missed target is reported, never a failure.
// BENCH_DURATION=<s> shortens the load runs (default 10); WEB_ROOT=<dir> serves that folder instead of
// the web app's build.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashPassword } from '@coppertone/auth';
import { openDatabase } from '@coppertone/db';
import { type Cluster, freePort, postgresBinDir, startCluster } from '@coppertone/db/testing';
import {
  hashCost,
  hashTable,
  identityHealth,
  LOGIN_CONNECTIONS,
  loginTable,
  loginTarget,
  SESSION_CONNECTIONS,
  SIDE_BY_SIDE_ROUNDS,
  type Statements,
  sessionTable,
  withSession,
} from './bench/accounts.ts';
import { BILLING_FIXTURES, benchBilling } from './bench/billing.ts';
import { coldStart } from './bench/cold-start.ts';
import { cpuMeter, statementLines, statementsPerRequest } from './bench/cost.ts';
import { insertStaff, sessionTokens } from './bench/fixtures/users.ts';
import { PROJECTS, seedWork, TASKS_PER_PROJECT } from './bench/fixtures/work.ts';
import { pageJs } from './bench/js-size.ts';
import {
  COST_HEAD,
  contactOutbox,
  costCells,
  getHealth,
  getHome,
  LOAD_HEAD,
  type LoadResult,
  type LoadTarget,
  loadCells,
  outboxDrained,
  postMessage,
  requireWrk,
  runLoad,
  runSideBySide,
  sendOnce,
  statusNote,
} from './bench/load.ts';
import { onCleanup, ROOT, type Server, startServer, startWorker } from './bench/server.ts';
import { SSE_CHANGES, SSE_STREAMS, sseFanOut, sseTable } from './bench/sse.ts';
import { count, kb, median, ms, print, progress, table, verdict } from './bench/table.ts';
import {
  cacheLookups,
  cacheNote,
  explainHot,
  WORK_CONNECTIONS,
  workPlanTable,
  workTable,
  workTargets,
} from './bench/work.ts';

const CONNECTIONS = 50;
const WARMUP_S = 2;
const POST_P99_TARGET_MS = 50;
const JS_BUDGET_BYTES = 30 * 1024;
const COLD_START_TARGET_MS = 5_000;
const WARM_STARTS = 3;
const PAGES = ['/', '/services', '/about', '/contact', '/privacy'];
const HASH_RUNS = 20;
const BENCH_USERS = 50;
const BENCH_PASSWORD = 'bench-login-password-1';

/** Sections to run (`npm run bench -- work billing`); all when none is named. */
const SECTIONS = ['accounts', 'work', 'billing', 'contact', 'pages', 'start'] as const;
type Section = (typeof SECTIONS)[number];
const named = process.argv.slice(2);
const unknown = named.filter((n) => !(SECTIONS as readonly string[]).includes(n));
if (unknown.length)
  throw new Error(`Unknown bench section(s): ${unknown.join(', ')}. Sections: ${SECTIONS.join(', ')}.`);
const wants = (section: Section) => !named.length || named.includes(section);

const duration = Number(process.env.BENCH_DURATION || 10);
if (!(duration > 0)) throw new Error(`BENCH_DURATION must be a number of seconds, got "${process.env.BENCH_DURATION}"`);
const webRoot = process.env.WEB_ROOT;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the server and the database …`);
    process.exit(signal === 'SIGINT' ? 130 : 143); // the 'exit' clean-up kills children, stops the cluster
  });
}

requireWrk();
const cpu = cpus();
const load = loadavg();
const busy = (load[0] ?? 0) > cpu.length / 2;
const postgres = execFileSync(join(postgresBinDir(), 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
print(
  [
    'Coppertone benchmark',
    '',
    `  date      ${new Date().toISOString()}`,
    `  node      ${process.version}`,
    `  cpus      ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    `  load avg  ${load.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min) when the bench started${busy ? '  <-- other work is running: figures will be worse and noisier' : ''}`,
    `  database  ${postgres} (throwaway cluster); PGlite for the start-up section`,
    `  load      wrk (2 threads), ${duration} s per endpoint after a ${WARMUP_S} s warm-up; ${CONNECTIONS} connections`,
    `            (login ${LOGIN_CONNECTIONS}, session check ${SESSION_CONNECTIONS}, work ${WORK_CONNECTIONS})`,
    `  fixtures  ${BENCH_USERS} staff users; 1 company, ${PROJECTS} projects × ${TASKS_PER_PROJECT} tasks; ${SSE_STREAMS} SSE streams × ${SSE_CHANGES} changes;`,
    `            ${BILLING_FIXTURES}`,
    `  web root  ${webRoot ?? 'apps/web/build'}`,
    `  sections  ${named.length ? named.join(', ') : SECTIONS.join(', ')}`,
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
let server: Server = startServer(await freePort(), { ...serverEnv, DATABASE_URL: cluster.url });
await server.waitFor('/readyz', { timeoutMs: 60_000, intervalMs: 100 });

// --- Accounts (issue 3) ------------------------------------------------------------------------------
// First, while the server is otherwise idle (the contact load runs last, against a server of its own).
if (wants('accounts')) {
  progress(`Accounts: timing hashPassword and verifyPassword, ${HASH_RUNS} runs each …`);
  print(hashTable(await hashCost(HASH_RUNS), cpu.length));
}

const meter = cpuMeter(server.pid, cluster.dir);
const bench = await openDatabase({ url: cluster.url }); // the bench's own connection: fixtures, plans, logs
const sqls: Statements = new Map();
/** The statements one request of each target runs, then a load run of each with CPU per request. */
async function measure(targets: LoadTarget[], connections: number): Promise<LoadResult[]> {
  await sleep(1_000); // let requests still in flight from the previous run finish
  progress(`Counting the SQL statements of one request each (${targets.map((t) => t.label).join(', ')}) …`);
  const found = await statementsPerRequest(
    bench.db,
    cluster.dir,
    targets.map((t) => ({ label: t.label, send: () => sendOnce(server.url, t) })),
  );
  for (const [label, statements] of found) sqls.set(label, statements);
  const results: LoadResult[] = [];
  for (const target of targets) {
    progress(`Load: ${target.label} at ${connections} connections (${WARMUP_S} s warm-up + ${duration} s) …`);
    results.push(await runLoad(server.url, target, { connections, duration, warmup: WARMUP_S, meter }));
  }
  return results;
}

try {
  progress(`Accounts: inserting ${BENCH_USERS} confirmed staff users …`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const staff = await insertStaff(bench.db, BENCH_USERS, passwordHash);
  const staffIds = staff.map((u) => u.id);
  const staffTokens = await sessionTokens(bench.db, staffIds, BENCH_USERS);
  if (wants('accounts')) {
    const login = loginTarget(
      staff.map((u) => u.email),
      BENCH_PASSWORD,
    );
    const [logins] = (await measure([login], LOGIN_CONNECTIONS)) as [LoadResult];
    print(loginTable(logins, duration, BENCH_USERS, sqls));

    const session = withSession('GET /api/identity/session (cookie)', '/api/identity/session', staffTokens);
    const me = withSession('GET /api/identity/me (cookie)', '/api/identity/me', staffTokens);
    const [health, authed, profile] = (await measure([identityHealth, session, me], SESSION_CONNECTIONS)) as [
      LoadResult,
      LoadResult,
      LoadResult,
    ];
    const paired: [LoadResult, LoadResult][] = [];
    for (let round = 1; round <= SIDE_BY_SIDE_ROUNDS; round++) {
      progress(
        `Side by side, round ${round} of ${SIDE_BY_SIDE_ROUNDS}: healthz and /session at ${SESSION_CONNECTIONS / 2} connections each, at once …`,
      );
      paired.push(
        (await runSideBySide(server.url, [identityHealth, session], {
          connections: SESSION_CONNECTIONS / 2,
          duration,
          warmup: WARMUP_S,
        })) as [LoadResult, LoadResult],
      );
    }
    print(sessionTable(health, authed, profile, paired, duration, sqls));
  }

  // --- Work (issue 4) ------------------------------------------------------------------------------
  if (wants('work')) {
    progress(`Work: inserting 1 company, ${PROJECTS} projects, ${PROJECTS * TASKS_PER_PROJECT} tasks …`);
    const fixture = await seedWork(bench.db, staffIds, passwordHash, SSE_CHANGES);
    progress(`  inserted in ${ms(fixture.ms)} ms`);
    const clientTokens = await sessionTokens(bench.db, [fixture.clientId], 10);
    const cacheBefore = await cacheLookups(server.url, 'work_changed');
    const workRuns = await measure(workTargets(fixture, staffTokens, clientTokens), WORK_CONNECTIONS);
    const cache = cacheNote(cacheBefore, await cacheLookups(server.url, 'work_changed'));
    print(workTable(fixture, { results: workRuns, sqls, cacheNote: cache }, duration));

    progress('Work: EXPLAIN (ANALYZE, BUFFERS) of the project list and board queries …');
    print(workPlanTable(await explainHot(bench.db, fixture), sqls));
    const heading = 'SQL statements per request (one request each, from the PostgreSQL statement log)';
    print([heading, '', ...statementLines(sqls).map((line) => `  ${line}`), '', ''].join('\n'));

    progress(`Live updates: opening ${SSE_STREAMS} event streams, then ${SSE_CHANGES} task status changes …`);
    const sseSessions = await sessionTokens(bench.db, staffIds, SSE_STREAMS);
    print(sseTable(await sseFanOut(server.url, sseSessions, fixture.todoTaskIds, SSE_STREAMS)));
  }

  // --- Billing (issue 5): a server of its own, with Stripe and BTCPay stand-ins the bench signs for ------
  if (wants('billing')) {
    print(await benchBilling({ cluster, db: bench.db, staffIds, passwordHash, serverEnv, duration, warmup: WARMUP_S }));
  }
} finally {
  await bench.close();
}

// --- Load ------------------------------------------------------------------------------------------
// As production runs it: the measured server without its in-process worker, and the worker (which
// e-mails staff about each stored contact message) in its own process beside it, on the same cores.
let worker: Server | undefined;
if (wants('contact')) {
  progress('Restarting the server with RUN_WORKER=false, and the worker in its own process …');
  await server.stop();
  server = startServer(await freePort(), { ...serverEnv, DATABASE_URL: cluster.url, RUN_WORKER: 'false' });
  worker = startWorker(await freePort(), { ...serverEnv, DATABASE_URL: cluster.url });
  await Promise.all([server, worker].map((s) => s.waitFor('/readyz', { timeoutMs: 60_000, intervalMs: 100 })));
  const contactDb = await openDatabase({ url: cluster.url });
  const postSql = await statementsPerRequest(contactDb.db, cluster.dir, [
    { label: postMessage.label, send: () => sendOnce(server.url, postMessage) },
  ]);
  const [serverMeter, workerMeter] = [cpuMeter(server.pid, cluster.dir), cpuMeter(worker.pid, cluster.dir)];
  const loads: LoadResult[] = [];
  let workerNote = '';
  for (const target of [getHome, postMessage, getHealth]) {
    progress(`Load: ${target.label} (${WARMUP_S} s warm-up + ${duration} s) …`);
    const isPost = target === postMessage;
    const stored = isPost ? (await contactOutbox(contactDb.db)).stored : 0;
    const endWorker = isPost ? workerMeter.begin() : undefined;
    const meter = isPost ? serverMeter : undefined;
    loads.push(await runLoad(server.url, target, { connections: CONNECTIONS, duration, warmup: WARMUP_S, meter }));
    if (endWorker) {
      const drained = await outboxDrained(contactDb.db, 120_000);
      const messages = (await contactOutbox(contactDb.db)).stored - stored;
      const cost = endWorker(messages);
      workerNote = `  worker (own process): ${cost ? cost.serverCpuMs.toFixed(2) : '-'} CPU ms per message e-mailed, ${count(messages)} messages (warm-up included), ${drained ? 'outbox drained' : 'outbox NOT drained within 120 s'}`;
    }
  }
  await contactDb.close();
  const post = loads.find((r) => r.label === postMessage.label);
  print(
    table(
      `Load (${CONNECTIONS} connections, ${duration} s each)`,
      ['endpoint', ...LOAD_HEAD, 'target', 'result'],
      loads.map((r) => {
        const isPost = r.label === postMessage.label;
        return [
          r.label,
          ...loadCells(r),
          isPost ? `p99 < ${POST_P99_TARGET_MS} ms` : '-',
          isPost ? verdict(r.p99 < POST_P99_TARGET_MS && r.errors === 0) : '-',
        ];
      }),
      [
        `${getHealth.label} is a reference: the same HTTP stack with no database work.`,
        'errors = connection errors and timeouts + non-2xx answers. Status codes seen:',
        ...loads.map((r) => `  ${statusNote(r)}`),
        `${postMessage.label}, per request: ${
          post
            ? costCells(post, postSql.get(postMessage.label))
                .map((v, i) => `${COST_HEAD[i]} ${v}`)
                .join(', ')
            : '-'
        }`,
        ...statementLines(postSql).map((line) => `  ${line}`),
        workerNote,
      ],
    ),
  );
}

// --- Shipped JavaScript ----------------------------------------------------------------------------
if (wants('pages')) {
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
}

progress('Stopping the server, the worker and PostgreSQL …');
await server.stop();
await worker?.stop();
cluster.stop();

// --- Cold start ------------------------------------------------------------------------------------
if (wants('start')) {
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
}
progress('Done.');
