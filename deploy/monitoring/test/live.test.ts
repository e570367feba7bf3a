// The live test: Prometheus 2.42 scrapes the all-in-one server and the exporters that run here
// (live-stack.ts) after some traffic; then every target is up, every recording rule and every
// dashboard PromQL query runs through the HTTP API, and those over metrics the running parts emit
// return data. The server's log lines of that traffic are JSON with the fields Loki's queries
// read, carry no secret, and one request id finds the edge's line and the function's lines.
//   bash deploy/monitoring/test/live.sh   (LIVE_TEST_PORT_BASE, default 20400; MONITOR_TEST_KEEP=1)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { findMalformed, findSecrets } from '../../../packages/observability/src/log-capture.ts';
import { dashboardQueries, promqlMetrics } from '../dashboard-queries.ts';
import { METRICS } from '../metric-catalogue.ts';
import { ROOT } from './daemons.ts';
import { instantQuery, type LiveStack, startLiveStack, waitFor } from './live-stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'monitoring-live-'));
const base = Number(process.env.LIVE_TEST_PORT_BASE ?? 20400);
let stack: LiveStack;
/** The contact message's request: its id as the edge answered it. */
let contactRequestId = '';
/** Sending the invoice: the request queues the e-mail to the client, a job the worker runs. */
let sendRequestId = '';
/** The admin's password, made for this run: it must not appear in any log. */
let adminPassword = '';

before(async () => {
  stack = await startLiveStack(dir, base);
  await traffic();
  // Every target scraped a few times (every 2 s), and the rules evaluated on them.
  await waitFor('every target scraped', 60_000, async () => {
    const { result } = await instantQuery(stack.prometheus, 'min(count_over_time(up[30s]))');
    return Number(result[0]?.value[1] ?? 0) >= 6 ? true : undefined;
  });
  // Scrape-time values are cached for 5 s and rates need two samples: wait until Prometheus holds
  // two samples of what the traffic made (the last of it: the webhook, the invoice, the cached read).
  for (const [what, query] of [
    ['the forged webhook', 'count_over_time(payment_webhooks_total{outcome="invalid_signature"}[1m]) >= 2'],
    ['the sent invoice', 'count_over_time(invoices{status="sent"}[1m]) >= 2'],
    ['the cached invoice list read', 'count_over_time(read_cache_lookups_total{result="hit"}[1m]) >= 2'],
  ])
    await waitFor(`${what} in Prometheus`, 60_000, async () =>
      (await instantQuery(stack.prometheus, query as string)).result.length ? true : undefined,
    );
});
after(async () => {
  await stack?.stop();
  if (process.env.MONITOR_TEST_KEEP === '1') console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

/** A few page loads, API reads, a contact message and a webhook with a bad signature, through nginx. */
async function traffic() {
  const site = `http://127.0.0.1:${stack.ports.nginx}`;
  const get = async (path: string) => {
    const res = await fetch(`${site}${path}`, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res;
  };
  for (const path of ['/', '/contact', '/login', '/', '/api/identity/openapi.json', '/api/work/projects', '/nope'])
    await get(path);
  const contact = await fetch(`${site}/api/contact/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: site },
    body: JSON.stringify({ name: 'Live Test', email: 'live@example.com', message: 'Checking the monitoring.' }),
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(contact.status, 202, `contact message: ${await contact.text()}`);
  contactRequestId = contact.headers.get('x-request-id') ?? '';
  await staffTraffic(site);
  const webhook = await fetch(`${site}/api/billing/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
    body: JSON.stringify({ id: 'evt_live_forged', type: 'checkout.session.completed' }),
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(webhook.status, 400, 'a webhook with a bad signature is refused');
}

/**
 * Staff work: the first admin made by the real bootstrap command (a password made for this run),
 * signed in through the API, an invoice created and sent to a client company (its rows made in SQL), the invoice list read
 * twice (the read cache's miss, then hit).
 */
async function staffTraffic(site: string) {
  const email = 'admin@live.test';
  const password = `${randomBytes(12).toString('base64url')}-Aa1`;
  adminPassword = password;
  execFileSync(process.execPath, [join(ROOT, 'services/identity/src/admin-create.ts'), '--email', email], {
    env: { ...process.env, DATABASE_URL: stack.databaseUrl, ADMIN_PASSWORD: password, LOG_LEVEL: 'warn' },
    timeout: 60_000,
    stdio: 'pipe',
  });
  // A client company with one contact (who never signs in here) to send the invoice to.
  const sqlValue = (statement: string) =>
    execFileSync('psql', [stack.databaseUrl, '-qAtc', statement], { encoding: 'utf8', timeout: 20_000 })
      .trim()
      .split('\n')[0] ?? '';
  const company = sqlValue("insert into companies (name) values ('Live Test Ltd') returning id");
  sqlValue(
    `insert into users (email, name, password_hash, role, company_id, email_confirmed_at)
     values ('client@live.test', 'Live Client', '!', 'client', '${company}', now()) returning id`,
  );
  const call = async (method: string, path: string, body?: unknown, cookie = '') => {
    const res = await fetch(`${site}${path}`, {
      method,
      headers: { origin: site, cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    return { res, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const login = await call('POST', '/api/identity/login', { email, password });
  assert.equal(login.res.status, 200, 'the admin signs in');
  const cookie = (login.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const invoice = await call(
    'POST',
    '/api/billing/invoices',
    {
      companyId: company,
      currency: 'USD',
      dueOn: '2099-12-31',
      lines: [{ description: 'Monitoring check', quantity: 1, unitPrice: 2500 }],
    },
    cookie,
  );
  assert.equal(invoice.res.status, 201, `invoice: ${JSON.stringify(invoice.body)}`);
  const sent = await call('POST', `/api/billing/invoices/${invoice.body.id}/send`, undefined, cookie);
  assert.equal(sent.res.status, 200, `send: ${JSON.stringify(sent.body)}`);
  sendRequestId = sent.res.headers.get('x-request-id') ?? '';
  for (let i = 0; i < 2; i++)
    assert.equal((await call('GET', '/api/billing/invoices', undefined, cookie)).res.status, 200);
}

const LIVE_SOURCES = new Set(['app', 'process', 'node', 'postgres', 'nginx', 'blackbox', 'prometheus']);
/** Why a query over these metrics may return nothing here, or undefined when it must return data. */
function noDataExpected(expr: string): string | undefined {
  // Series of answers with a server error: the traffic here causes none (a 5xx is a bug).
  if (/status=~"5\.\."/.test(expr)) return 'an answer with a 5xx status';
  for (const name of promqlMetrics(expr)) {
    const info = METRICS[name];
    if (!info) return undefined;
    if (!LIVE_SOURCES.has(info.source)) return `${name} comes from ${info.source}, which does not run here`;
    if (info.needs) return `${name} needs ${info.needs}`;
  }
  return undefined;
}

describe('live: Prometheus scraping the server and the exporters', () => {
  test('every job of prometheus.yml has a target, and every target is up', async () => {
    const res = await fetch(`${stack.prometheus}/api/v1/targets?state=active`);
    const body = (await res.json()) as {
      data: { activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> };
    };
    const targets = body.data.activeTargets;
    const jobs = new Set(targets.map((t) => t.labels.job));
    assert.deepEqual(
      stack.jobs.filter((j) => !jobs.has(j)),
      [],
      'jobs without a target',
    );
    const down = await waitFor('every target up', 30_000, async () => {
      const now = (await (await fetch(`${stack.prometheus}/api/v1/targets?state=active`)).json()) as typeof body;
      const bad = now.data.activeTargets.filter((t) => t.health !== 'up');
      return bad.length ? undefined : bad;
    }).catch(() =>
      targets
        .filter((t) => t.health !== 'up')
        .map((t) => `${t.labels.job} ${t.labels.instance}: ${t.health} ${t.lastError}`),
    );
    assert.deepEqual(down, []);
    for (const t of targets) assert.equal(t.labels.env, 'production', `${t.labels.job} has no env label`);
  });

  test('every recording rule runs, and those over metrics emitted here return data', async () => {
    const rulesDir = join(ROOT, 'deploy/monitoring/rules');
    const files = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.yml'))
      .map((f) => join(rulesDir, f));
    const rules = files.flatMap((f) =>
      (parse(readFileSync(f, 'utf8')) as { groups: Array<{ rules: Array<{ record?: string; expr: string }> }> }).groups
        .flatMap((g) => g.rules)
        .filter((r) => r.record),
    );
    assert.ok(rules.length > 10, 'fewer recording rules than expected');
    const problems: string[] = [];
    let withData = 0;
    for (const rule of rules) {
      const { error, result } = await instantQuery(stack.prometheus, rule.expr);
      if (error) problems.push(`${rule.record}: ${error}`);
      else if (!result.length && !noDataExpected(rule.expr)) problems.push(`${rule.record}: no data`);
      else if (result.length) withData++;
    }
    assert.deepEqual(problems, []);
    console.log(`  ${rules.length} recording rules, ${withData} with data`);
  });

  test('every dashboard PromQL query runs, and those over metrics emitted here return data', async () => {
    const queries = dashboardQueries().filter((q) => q.language === 'promql');
    const problems: string[] = [];
    const skipped: string[] = [];
    for (const q of queries) {
      const { error, result } = await instantQuery(stack.prometheus, q.resolved);
      const why = noDataExpected(q.resolved);
      if (error) problems.push(`${q.where}: ${error}`);
      else if (!result.length && !why) problems.push(`${q.where}: no data (${q.resolved})`);
      else if (!result.length && why) skipped.push(`${q.where}: ${why}`);
    }
    assert.deepEqual(problems, []);
    console.log(`  ${queries.length} PromQL queries ran; ${queries.length - skipped.length} returned data`);
    for (const s of skipped) console.log(`  no data expected: ${s}`);
  });

  test('the traffic moved the metrics: the forged webhook, the contact message, requests per route', async () => {
    const one = async (q: string) => Number((await instantQuery(stack.prometheus, q)).result[0]?.value[1] ?? 'NaN');
    assert.equal(
      await one('sum(payment_webhooks_total{job="billing",provider="stripe",outcome="invalid_signature"})'),
      1,
    );
    assert.ok(
      (await one('sum(contact_outbox_pending{job="contact"}) + sum(users_registered_total{job="identity"})')) >= 0,
    );
    assert.ok(
      (await one('sum(http_request_duration_seconds_count{job="contact",route="/messages",status="202"})')) >= 1,
    );
    assert.ok((await one('sum(nginx_http_requests_total)')) >= 9, 'nginx counted the traffic');
    assert.equal(await one('min(probe_success{job="blackbox_https"})'), 1);
    assert.equal(await one('min(pg_up)'), 1);
    assert.equal(await one('sum(invoices{job="billing",status="sent"})'), 1);
    assert.ok((await one('sum(read_cache_lookups_total{job="billing",result="hit"})')) >= 1);
    assert.ok((await one('max(db_pool_max{job="work"})')) >= 1);
  });
});

describe("live: the server's log lines of that traffic", () => {
  test('every line is JSON with level, time, msg and service, and none carries a secret', () => {
    const text = readFileSync(stack.serverLog, 'utf8');
    const lines = text.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(lines.length >= 3, `only ${lines.length} JSON lines`);
    assert.deepEqual(findMalformed(lines.join('\n')), []);
    assert.deepEqual(findSecrets(lines.join('\n')), []);
    assert.ok(adminPassword.length > 10);
    for (const file of [stack.serverLog, stack.accessLog])
      assert.ok(!readFileSync(file, 'utf8').includes(adminPassword), `the admin's password is in ${file}`);
  });

  test("the contact message's request id finds the edge's line and the function's line of that request", () => {
    assert.match(contactRequestId, /^[0-9a-f]{32}$/, 'nginx answered no X-Request-Id');
    const edge = readFileSync(stack.accessLog, 'utf8')
      .split('\n')
      .filter((l) => l.includes(contactRequestId))
      .map((l) => JSON.parse(l) as { path: string; status: number });
    assert.deepEqual(
      edge.map((l) => [l.path, l.status]),
      [['/api/contact/messages', 202]],
    );
    const fn = readFileSync(stack.serverLog, 'utf8')
      .split('\n')
      .filter((l) => l.includes(contactRequestId))
      .map((l) => JSON.parse(l) as { requestId: string; route?: string; msg: string; service: string });
    assert.ok(fn.length >= 1, 'no line of the function carries the request id');
    for (const line of fn) {
      assert.equal(line.requestId, contactRequestId);
      assert.equal(line.route, '/messages');
    }
    assert.ok(fn.some((l) => l.msg === 'contact message stored'));
  });

  test("sending an invoice: its request id also finds the worker's lines about the e-mail job it queued", async () => {
    assert.match(sendRequestId, /^[0-9a-f]{32}$/);
    type Line = { requestId?: string; route?: string; job?: string; msg: string };
    const lines = await waitFor("the worker's line about the invoice e-mail", 20_000, () => {
      const found = readFileSync(stack.serverLog, 'utf8')
        .split('\n')
        .filter((l) => l.includes(sendRequestId))
        .map((l) => JSON.parse(l) as Line);
      return found.some((l) => l.job && l.msg === 'job done') ? found : undefined;
    });
    for (const line of lines) assert.equal(line.requestId, sendRequestId);
  });
});
