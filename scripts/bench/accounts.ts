// Issue 3's figures: the password hash's cost, login throughput with it, and the session check's overhead.
import { hashPassword, verifyPassword } from '@coppertone/auth';
import { COST_HEAD, costCells, LOAD_HEAD, type LoadResult, type LoadTarget, loadCells, statusNote } from './load.ts';
import { count, median, ms, percentile, table, verdict } from './table.ts';

export const LOGIN_CONNECTIONS = 20;
export const SESSION_CONNECTIONS = 100;
export const SESSION_OVERHEAD_TARGET_MS = 10;
/** Side-by-side rounds the overhead verdict takes the median of: one round's p99 gap swings ±25 ms here. */
export const SIDE_BY_SIDE_ROUNDS = 3;

export interface HashCost {
  hashMs: number[];
  verifyMs: number[];
}

/** Times the real `hashPassword` and `verifyPassword`, one at a time, in this process. */
export async function hashCost(runs: number): Promise<HashCost> {
  const hashMs: number[] = [];
  const verifyMs: number[] = [];
  const stored = await hashPassword('bench-warm-up-1'); // loads the native module
  await verifyPassword(stored, 'bench-warm-up-1');
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const h = await hashPassword(`bench-password-${i}`);
    hashMs.push(performance.now() - t);
    t = performance.now();
    if (!(await verifyPassword(h, `bench-password-${i}`))) throw new Error('verifyPassword refused its own hash');
    verifyMs.push(performance.now() - t);
  }
  return { hashMs, verifyMs };
}

/** Valid sign-ins spread over `emails`, each from a new address (the per-address limit is 100 in 15 min). */
export function loginTarget(emails: string[], password: string): LoadTarget {
  return {
    label: 'POST /api/identity/login',
    requests: emails.map((email) => ({
      method: 'POST',
      path: '/api/identity/login',
      headers: { 'content-type': 'application/json', 'user-agent': 'coppertone-bench' },
      body: JSON.stringify({ email, password }),
    })),
    newAddressEach: true,
    expect: 200,
  };
}

/**
 * GETs with the session cookies of `tokens` in turn, and of `paths` in turn when several are given,
 * taking gzip as every browser does.
 */
export function withSession(label: string, path: string | string[], tokens: string[]): LoadTarget {
  const paths = typeof path === 'string' ? [path] : path;
  return {
    label,
    requests: Array.from({ length: Math.max(paths.length, tokens.length) }, (_, i) => ({
      method: 'GET',
      path: paths[i % paths.length] as string,
      headers: { cookie: `cp_session=${tokens[i % tokens.length]}`, 'accept-encoding': 'gzip, deflate, br' },
    })),
    expect: 200,
  };
}

export const identityHealth: LoadTarget = {
  label: 'GET /api/identity/healthz (no auth)',
  requests: [{ method: 'GET', path: '/api/identity/healthz' }],
  expect: 200,
};

export function hashTable(cost: HashCost, cpus: number): string {
  const row = (name: string, values: number[]) => [
    name,
    ms(percentile(values, 50)),
    ms(percentile(values, 95)),
    ms(Math.min(...values)),
    ms(Math.max(...values)),
    '-',
    '-',
  ];
  const verify = percentile(cost.verifyMs, 50);
  return table(
    `Password hash cost (argon2id m=19456 KiB t=2 p=1, in-process, ${cost.hashMs.length} runs each, one at a time)`,
    ['operation', 'median ms', 'p95 ms', 'min ms', 'max ms', 'target', 'result'],
    [row('hashPassword', cost.hashMs), row('verifyPassword', cost.verifyMs)],
    [
      'No target: issue 3 asks for the figure so the cost/throughput trade-off is visible.',
      `Ceiling it implies: ${cpus} cores / ${ms(verify)} ms per verify ≈ ${count((cpus * 1000) / verify)} logins/s.`,
    ],
  );
}

export type Statements = Map<string, string[]>;

export function loginTable(r: LoadResult, duration: number, users: number, sqls: Statements): string {
  return table(
    `Login with the real hash (${LOGIN_CONNECTIONS} connections, ${duration} s, ${users} accounts, a new address per request)`,
    ['endpoint', 'logins/s', ...LOAD_HEAD.slice(1), ...COST_HEAD, 'target', 'result'],
    [[r.label, ...loadCells(r), ...costCells(r, sqls.get(r.label)), '-', '-']],
    [
      'No target: issue 3 asks to report logins/s and p99.',
      "CPU per request is measured on the server process and the cluster's backends; SQL/req from the statement log.",
      statusNote(r),
    ],
  );
}

export function sessionTable(
  base: LoadResult,
  authed: LoadResult,
  profile: LoadResult,
  paired: [LoadResult, LoadResult][],
  duration: number,
  sqls: Statements,
): string {
  const gaps = paired.map(([b, a]) => ({ p50: a.p50 - b.p50, p99: a.p99 - b.p99 }));
  const overhead = median(gaps.map((g) => g.p99));
  const clean = paired.every(([b, a]) => b.clean && a.clean);
  const row = (r: LoadResult) => [r.label, ...loadCells(r), ...costCells(r, sqls.get(r.label)), '-', '-'];
  // Closed-loop load: every connection sends its next request when the last one returns, so the mean
  // latency is connections ÷ throughput and a slower endpoint queues longer (Little's law).
  const queueing = SESSION_CONNECTIONS * (1000 / authed.rps - 1000 / base.rps);
  const blank = (n: number) => Array(n).fill('');
  return table(
    `Session check (${SESSION_CONNECTIONS} connections, ${duration} s each)`,
    ['endpoint', ...LOAD_HEAD, ...COST_HEAD, 'target', 'result'],
    [
      row(base),
      row(authed),
      row(profile),
      ...paired.flatMap(([b, a], i) => [
        [`side by side #${i + 1}: ${b.label}`, ...loadCells(b), ...blank(3), '-', '-'],
        [`side by side #${i + 1}: ${a.label}`, ...loadCells(a), ...blank(3), '-', '-'],
        [
          `  gap #${i + 1}: /session − healthz`,
          '',
          ms(gaps[i]?.p50 ?? 0),
          ms(gaps[i]?.p99 ?? 0),
          ...blank(6),
          '-',
          '-',
        ],
      ]),
      [
        `overhead: median gap of ${paired.length} rounds`,
        '',
        ms(median(gaps.map((g) => g.p50))),
        ms(overhead),
        ...blank(6),
        `p99 < ${SESSION_OVERHEAD_TARGET_MS} ms`,
        verdict(overhead < SESSION_OVERHEAD_TARGET_MS && clean),
      ],
    ],
    [
      '/session = the session guard alone (cookie → token hash → session cache; the database on a miss, and a',
      'last_seen_at write once a minute per session). /me adds one query for the profile, for comparison.',
      `Both run saturated: mean latency ≈ connections ÷ req/s, so the throughput gap alone adds ${ms(queueing)} ms`,
      `to the mean (${SESSION_CONNECTIONS} × (1/${count(authed.rps)} − 1/${count(base.rps)}) s).`,
      `Side by side: both loaded at once, ${SESSION_CONNECTIONS / 2} connections each (${SESSION_CONNECTIONS} in all), so each meets the same`,
      "machine at the same moments. The verdict takes the median of the rounds' p99 gaps: in one round, a stall",
      "that happens to catch more of one side's requests moves its p99 by tens of ms either way.",
      statusNote(base),
      statusNote(authed),
      statusNote(profile),
    ],
  );
}
