// HTTP load with wrk (C, event-driven: on the same 2 cores it takes a fraction of the CPU a Node load
// generator does, leaving it to the server): a discarded warm-up, then the measured run. Requests and
// the status tally are scripted in wrk's Lua; its `done` hook prints the figures as JSON.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';
import type { Cost, Meter } from './cost.ts';
import { count, ms, table, verdict } from './table.ts';

const run = promisify(execFile);
const THREADS = 2;

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadTarget {
  label: string;
  /** The requests a run cycles through, one after another on each connection. */
  requests: LoadRequest[];
  /** Each request from a client address of its own (`X-Forwarded-For`, 10.0.0.0/8): rate limits count per address. */
  newAddressEach?: boolean;
  /** The status every response should have. */
  expect: number;
}

export interface LoadResult {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  /** Connection errors and timeouts plus non-2xx answers. */
  errors: number;
  /** e.g. `202×51234` */
  statuses: string;
  /** Every response had the expected status and nothing failed. */
  clean: boolean;
  /** CPU per request of the server and the database during the measured run, when a meter was given. */
  cost?: Cost;
}

/** What wrk's `done` hook prints (latencies in µs). */
interface WrkSummary {
  requests: number;
  durationUs: number;
  p50: number;
  p99: number;
  max: number;
  errors: { connect: number; read: number; write: number; timeout: number };
  statuses: Record<string, number>;
}

/** Fails early, with what to do, where wrk is missing. */
export function requireWrk(): void {
  if (spawnSync('wrk', ['--version']).error) {
    throw new Error('npm run bench needs wrk on the PATH (Debian: apt-get install wrk).');
  }
}

const lua = (v: string) => JSON.stringify(v); // a JSON string is a valid Lua string literal for our ASCII requests
const luaTable = (h: Record<string, string>) =>
  `{${Object.entries(h)
    .map(([k, v]) => `[${lua(k)}]=${lua(v)}`)
    .join(', ')}}`;

const SCRIPT = (t: LoadTarget) => `
local variants = {
${t.requests.map((r) => `  {method=${lua(r.method)}, path=${lua(r.path)}, headers=${luaTable(r.headers ?? {})}, body=${r.body === undefined ? 'nil' : lua(r.body)}},`).join('\n')}
}
local new_address = ${t.newAddressEach ? 'true' : 'false'}
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  n, statuses, base = 0, {}, tonumber(args[1])
  formatted = {}
  for i, v in ipairs(variants) do formatted[i] = wrk.format(v.method, v.path, v.headers, v.body) end
end
function request()
  n = n + 1
  local i = (n + tid) % #variants + 1
  if not new_address then return formatted[i] end
  local v, a = variants[i], base + n * ${THREADS} + tid
  v.headers["x-forwarded-for"] = string.format("10.%d.%d.%d", math.floor(a / 65536) % 256, math.floor(a / 256) % 256, a % 256)
  return wrk.format(v.method, v.path, v.headers, v.body)
end
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency)
  local sums, codes = {}, {}
  for _, t in ipairs(threads) do
    for code, k in pairs(t:get("statuses")) do sums[code] = (sums[code] or 0) + k end
  end
  for code, k in pairs(sums) do codes[#codes + 1] = string.format('"%d":%d', code, k) end
  local e = summary.errors
  io.write(string.format('WRK_SUMMARY {"requests":%d,"durationUs":%d,"p50":%d,"p99":%d,"max":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":{%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, table.concat(codes, ",")))
end
`;

let addresses = 0;
/** The first of `n` client addresses no earlier request used. */
function takeAddresses(n: number): number {
  const first = addresses;
  addresses += n;
  if (addresses >= 2 ** 24) throw new Error('the bench ran out of distinct client addresses (10.0.0.0/8)');
  return first;
}

async function wrk(baseUrl: string, target: LoadTarget, connections: number, duration: number): Promise<WrkSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'coppertone-wrk-'));
  const script = join(dir, 'load.lua');
  writeFileSync(script, SCRIPT(target));
  // Leave room for the most any run reaches (wrk counts only what completed): 100,000 requests a second.
  const base = target.newAddressEach ? takeAddresses(Math.ceil(duration * 100_000) + connections) : 0;
  const args = [`-t${THREADS}`, `-c${connections}`, `-d${duration}s`, '--timeout', '10s', '-s', script, baseUrl, '--'];
  const { stdout, stderr } = await run('wrk', [...args, String(base)], { maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_SUMMARY '));
  if (!line) throw new Error(`wrk printed no summary (its script failed?):\n${stderr}${stdout}`);
  return JSON.parse(line.slice('WRK_SUMMARY '.length)) as WrkSummary;
}

export async function runLoad(
  baseUrl: string,
  target: LoadTarget,
  opts: { connections: number; duration: number; warmup: number; meter?: Meter },
): Promise<LoadResult> {
  await wrk(baseUrl, target, opts.connections, opts.warmup);
  const end = opts.meter?.begin();
  const r = await wrk(baseUrl, target, opts.connections, opts.duration);
  const cost = end?.(r.requests);
  const codes = Object.entries(r.statuses).sort(([a], [b]) => Number(a) - Number(b));
  const unexpected = codes.filter(([code]) => Number(code) !== target.expect).reduce((sum, [, k]) => sum + k, 0);
  const errors = r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout + unexpected;
  return {
    label: target.label,
    rps: r.requests / (r.durationUs / 1e6),
    p50: r.p50 / 1000,
    p99: r.p99 / 1000,
    max: r.max / 1000,
    total: r.requests,
    errors,
    statuses: codes.map(([code, k]) => `${code}×${k}`).join(' ') || 'none',
    clean: errors === 0,
    cost,
  };
}

/**
 * Several targets loaded at the same time, `connections` each: they meet the same machine at the
 * same moments, so their latencies compare fairly however busy it is (no CPU meter: it would mix them).
 */
export async function runSideBySide(
  baseUrl: string,
  targets: LoadTarget[],
  opts: { connections: number; duration: number; warmup: number },
): Promise<LoadResult[]> {
  return Promise.all(targets.map((t) => runLoad(baseUrl, t, opts)));
}

let single = 0;
/** One request of a target, outside the load run (e.g. to see which statements it runs). */
export async function sendOnce(baseUrl: string, target: LoadTarget): Promise<number> {
  const req = target.requests[0];
  if (!req) throw new Error(`${target.label} has no requests`);
  single += 1; // from 11.0.0.0/8, apart from the load runs' addresses
  const address: Record<string, string> = target.newAddressEach
    ? { 'x-forwarded-for': `11.0.${single >> 8}.${single & 255}` }
    : {};
  const res = await fetch(new URL(req.path, baseUrl), {
    method: req.method,
    headers: { ...req.headers, ...address },
    body: req.body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Columns of a load run, then what one request costs: server and database CPU, SQL statements. */
export const LOAD_HEAD = ['req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors'];
export const COST_HEAD = ['server CPU ms/req', 'db CPU ms/req', 'SQL/req'];

export const loadCells = (r: LoadResult): string[] => [
  count(r.rps),
  ms(r.p50),
  ms(r.p99),
  ms(r.max),
  count(r.total),
  count(r.errors),
];

export const costCells = (r: LoadResult, statements: string[] | undefined): string[] => [
  r.cost && Number.isFinite(r.cost.serverCpuMs) ? r.cost.serverCpuMs.toFixed(2) : '-',
  r.cost && Number.isFinite(r.cost.dbCpuMs) ? r.cost.dbCpuMs.toFixed(2) : '-',
  statements ? String(statements.length) : '-',
];

export const statusNote = (r: LoadResult): string =>
  `${r.label}: ${r.statuses}${r.clean ? '' : '  <-- unexpected statuses or errors'}`;

/** Endpoints loaded one after another: their results, the statements one request of each runs (by label), and what the read cache did meanwhile. */
export interface LoadRuns {
  results: LoadResult[];
  sqls: ReadonlyMap<string, string[]>;
  cacheNote: string;
}

/**
 * Endpoints under load against one p99 target: a row each with its cost, PASS when its p99 is under
 * the target and the run was clean; below, the notes, the read cache's note and each run's statuses.
 */
export function loadTargetTable(title: string, runs: LoadRuns, p99TargetMs: number, notes: string[]): string {
  const { results, sqls } = runs;
  return table(
    title,
    ['endpoint', ...LOAD_HEAD, ...COST_HEAD, 'target', 'result'],
    results.map((r) => [
      r.label,
      ...loadCells(r),
      ...costCells(r, sqls.get(r.label)),
      `p99 < ${p99TargetMs} ms`,
      verdict(r.p99 < p99TargetMs && r.clean),
    ]),
    [...notes, runs.cacheNote, ...results.map(statusNote)],
  );
}

export const getHome: LoadTarget = {
  label: 'GET /',
  requests: [{ method: 'GET', path: '/', headers: { 'accept-encoding': 'gzip' } }],
  expect: 200,
};

export const postMessage: LoadTarget = {
  label: 'POST /api/contact/messages',
  requests: [
    {
      method: 'POST',
      path: '/api/contact/messages',
      headers: { 'content-type': 'application/json', 'user-agent': 'coppertone-bench' },
      body: JSON.stringify({
        name: 'Bench Mark',
        email: 'bench@example.com',
        message: 'Load test message from npm run bench.',
      }),
    },
  ],
  // The server trusts the LAST X-Forwarded-For entry (TRUST_PROXY=true): one address per message.
  newAddressEach: true,
  expect: 202,
};

/** A route with no database work: the framework's own cost, to compare the POST with. */
export const getHealth: LoadTarget = {
  label: 'GET /api/contact/healthz',
  requests: [{ method: 'GET', path: '/api/contact/healthz' }],
  expect: 200,
};

/**
 * What the contact POST leaves for the worker: messages stored, and those staff have not been e-mailed
 * about yet (the outbox the worker drains).
 */
export async function contactOutbox(db: Kysely<Database>): Promise<{ stored: number; waiting: number }> {
  const { rows } = await sql<{ stored: string; waiting: string }>`
    select count(*) as stored, count(*) filter (where notified_at is null) as waiting from contact_messages`.execute(
    db,
  );
  return { stored: Number(rows[0]?.stored ?? 0), waiting: Number(rows[0]?.waiting ?? 0) };
}

/** Waits until the worker has e-mailed staff about every stored message (or `timeoutMs` passed). */
export async function outboxDrained(db: Kysely<Database>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await contactOutbox(db)).waiting === 0) return true;
    await sleep(250);
  }
  return false;
}
