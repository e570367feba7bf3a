// HTTP load with autocannon: a discarded warm-up, then the measured run.
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';
import type { Cost, Meter } from './cost.ts';
import { count, ms } from './table.ts';

/** The part of autocannon's request shape we use. */
interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AcRequest, context: object) => AcRequest;
}

interface AcHistogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}

interface AcResult {
  requests: AcHistogram & { total: number };
  latency: AcHistogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AcOptions extends AcRequest {
  url: string;
  connections: number;
  duration: number;
  requests?: AcRequest[];
}

// autocannon is CommonJS without bundled types.
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AcOptions) => Promise<AcResult>;

export interface LoadTarget {
  label: string;
  /** Requests the run cycles through (one with a `setupRequest` hook is rebuilt for every request). */
  request: AcRequest;
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

export async function runLoad(
  baseUrl: string,
  target: LoadTarget,
  opts: { connections: number; duration: number; warmup: number; meter?: Meter },
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({ url: baseUrl, connections: opts.connections, duration, requests: [target.request] });
  await run(opts.warmup);
  const end = opts.meter?.begin();
  const r = await run(opts.duration);
  const cost = end?.(r.requests.total);
  const codes = Object.entries(r.statusCodeStats);
  const errors = r.errors + r.non2xx;
  return {
    label: target.label,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    total: r.requests.total,
    errors,
    statuses: codes.map(([code, { count }]) => `${code}×${count}`).join(' ') || 'none',
    clean: errors === 0 && codes.every(([code]) => Number(code) === target.expect),
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

/** One request of a target, outside the load run (e.g. to see which statements it runs). */
export async function sendOnce(baseUrl: string, target: LoadTarget): Promise<number> {
  const req = target.request.setupRequest?.({ ...target.request }, {}) ?? target.request;
  const res = await fetch(new URL(req.path ?? '/', baseUrl), {
    method: req.method,
    headers: req.headers,
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

export const getHome: LoadTarget = {
  label: 'GET /',
  request: { method: 'GET', path: '/', headers: { 'accept-encoding': 'gzip' } },
  expect: 200,
};

let sent = 0;
/** A distinct client address per request (10.0.0.0/8): rate limits count per address (contact: 5 a minute). */
export function nextAddress(): string {
  sent += 1;
  return `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
}

export const postMessage: LoadTarget = {
  label: 'POST /api/contact/messages',
  request: {
    method: 'POST',
    path: '/api/contact/messages',
    headers: { 'content-type': 'application/json', 'user-agent': 'coppertone-bench' },
    body: JSON.stringify({
      name: 'Bench Mark',
      email: 'bench@example.com',
      message: 'Load test message from npm run bench.',
    }),
    // The server trusts the LAST X-Forwarded-For entry (TRUST_PROXY=true), so that is the one to vary.
    setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': nextAddress() } }),
  },
  expect: 202,
};

/** A route with no database work: the framework's own cost, to compare the POST with. */
export const getHealth: LoadTarget = {
  label: 'GET /api/contact/healthz',
  request: { method: 'GET', path: '/api/contact/healthz' },
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
