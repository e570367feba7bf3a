// HTTP load with autocannon: a discarded warm-up, then the measured run.
import { createRequire } from 'node:module';

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
}

export async function runLoad(
  baseUrl: string,
  target: LoadTarget,
  opts: { connections: number; duration: number; warmup: number },
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({ url: baseUrl, connections: opts.connections, duration, requests: [target.request] });
  await run(opts.warmup);
  const r = await run(opts.duration);
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
  };
}

export const getHome: LoadTarget = {
  label: 'GET /',
  request: { method: 'GET', path: '/', headers: { 'accept-encoding': 'gzip' } },
  expect: 200,
};

let sent = 0;
/** A distinct client address per request (10.0.0.0/8): the contact rate limit is 5 a minute per address. */
function nextAddress(): string {
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
