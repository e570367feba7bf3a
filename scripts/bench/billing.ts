// Issue 5's figures: webhook ingestion (signed events, half of them repeats, exactly one effect each)
// and the invoice list of a company with 5,000 invoices, with the plans of its queries.
// Runs inside `npm run bench`, or alone: `node scripts/bench/billing.ts` (BENCH_DURATION as there).
import { createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashPassword } from '@coppertone/auth';
import { type Database, migrateToLatest, openDatabase, type Provider } from '@coppertone/db';
import { type Cluster, freePort, startCluster } from '@coppertone/db/testing';
import {
  type FakeBtcpay,
  type FakeStripe,
  standInProviderEnv,
  startFakeBtcpay,
  startFakeStripe,
} from '@coppertone/stand-ins/payments';
import { type Kysely, sql } from 'kysely';
import Stripe from 'stripe';
import { invoicesQuery, type Viewer } from '../../services/billing/src/invoices/invoices.repo.ts';
import { type Statements, withSession } from './accounts.ts';
import { cpuMeter, type Meter, statementLines, statementsPerRequest } from './cost.ts';
import {
  INVOICES,
  INVOICES_PER_OTHER_COMPANY,
  type InvoiceFixture,
  type OpenCheckout,
  OTHER_COMPANIES,
  seedInvoices,
  seedOpenCheckouts,
} from './fixtures/billing.ts';
import { insertStaff, sessionTokens } from './fixtures/users.ts';
import { COST_HEAD, type LoadResult, type LoadRuns, loadTargetTable, runLoad, sendOnce } from './load.ts';
import { explainQueries, type Plan, planTable, seqScanIsCheaper } from './plans.ts';
import { onCleanup, type Server, startServer } from './server.ts';
import { count, ms, percentile, print, progress, table, verdict } from './table.ts';
import { cacheLookups, cacheNote } from './work.ts';

export const BILLING_CONNECTIONS = 50;
/** Deliveries in the measured webhook run: every payment event twice. */
export const WEBHOOK_EVENTS = 1_000;
const WEBHOOK_PAYMENTS = WEBHOOK_EVENTS / 2;
const WARMUP_PAYMENTS = 50;
export const INVOICE_LIST_P99_TARGET_MS = 30;
const LIST_PAGE = 25;
const CHECKOUTS = 2 + WARMUP_PAYMENTS + WEBHOOK_PAYMENTS;
const INVOICES_TOTAL = INVOICES + OTHER_COMPANIES * INVOICES_PER_OTHER_COMPANY + CHECKOUTS;
/** For the bench's header. */
export const BILLING_FIXTURES = `billing: ${count(INVOICES)} invoices of one company among ${count(INVOICES + OTHER_COMPANIES * INVOICES_PER_OTHER_COMPANY)}, ${count(WEBHOOK_EVENTS)} webhook deliveries`;
const LIST_CLIENT = 'GET /api/billing/invoices (client)';
const LIST_STAFF = 'GET /api/billing/invoices?company= (staff)';
const HOOK = {
  stripeNew: 'POST /api/billing/webhooks/stripe (new event)',
  stripeAgain: 'POST /api/billing/webhooks/stripe (repeat)',
  btcpayNew: 'POST /api/billing/webhooks/btcpay (new event)',
  btcpayAgain: 'POST /api/billing/webhooks/btcpay (redelivery)',
};

// --- The providers ------------------------------------------------------------------------------

interface Fakes {
  stripe: FakeStripe;
  btcpay: FakeBtcpay;
  /** The official SDK, only to sign test webhooks exactly as Stripe does. */
  signer: Stripe;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The Stripe and BTCPay stand-ins the billing server re-reads each checkout from. */
async function startFakes(): Promise<Fakes> {
  const [stripe, btcpay] = await Promise.all([startFakeStripe(), startFakeBtcpay({ settleMs: 0 })]);
  return {
    stripe,
    btcpay,
    signer: new Stripe(stripe.secretKey),
    env: standInProviderEnv(stripe, btcpay),
    close: async () => {
      await Promise.all([stripe.close(), btcpay.close()]);
    },
  };
}

/** One webhook delivery as the provider sends it; headers are made at send time (Stripe signs each attempt). */
interface Delivery {
  provider: Provider;
  body: string;
  headers(): Record<string, string>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/**
 * Pays `checkout` at the provider (the state the server re-reads) and returns the provider's
 * event about it, delivered twice: Stripe repeats an event with the same id; BTCPay redelivers
 * with a new delivery id that keeps `originalDeliveryId`.
 */
function paidTwice(fakes: Fakes, c: OpenCheckout): [Delivery, Delivery] {
  const now = Math.floor(Date.now() / 1000);
  if (c.provider === 'stripe') {
    const session = {
      id: c.ref,
      object: 'checkout.session' as const,
      status: 'complete' as const,
      payment_status: 'paid' as const,
      amount_total: c.amount,
      currency: c.currency.toLowerCase(),
      client_reference_id: c.attemptId,
      metadata: { invoice_id: c.invoiceId, attempt_id: c.attemptId },
      success_url: 'https://portal.bench.test/portal/invoices/paid?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://portal.bench.test/portal/invoices',
      customer_email: null,
      created: now - 60,
      expires_at: now + 24 * 3600,
      payment_intent: `pi_test_${hex(12)}`,
      url: null,
      livemode: false as const,
    };
    fakes.stripe.sessions.set(c.ref, session);
    const body = JSON.stringify({
      id: `evt_test_${hex(12)}`,
      object: 'event',
      api_version: '2025-01-01',
      created: now,
      livemode: false,
      pending_webhooks: 1,
      type: 'checkout.session.completed',
      data: { object: session },
    });
    const delivery: Delivery = {
      provider: 'stripe',
      body,
      headers: () => ({
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': fakes.signer.webhooks.generateTestHeaderString({
          payload: body,
          secret: fakes.stripe.webhookSecret,
        }),
      }),
    };
    return [delivery, delivery];
  }
  const invoice = {
    id: c.ref,
    storeId: fakes.btcpay.storeId,
    checkoutLink: `${fakes.btcpay.url}/i/${c.ref}`,
    status: 'Settled' as const,
    additionalStatus: 'None' as const,
    amount: decimal(c.amount),
    paidAmount: decimal(c.amount),
    currency: c.currency,
    metadata: { orderId: c.invoiceId, attemptId: c.attemptId },
    checkout: {},
    createdTime: now - 60,
    expirationTime: now + 15 * 60,
  };
  fakes.btcpay.invoices.set(c.ref, invoice);
  const original = hex(12);
  const btcpayDelivery = (deliveryId: string): Delivery => {
    // BTCPay sends indented JSON and signs exactly those bytes.
    const body = JSON.stringify(
      {
        deliveryId,
        webhookId: 'benchhook',
        originalDeliveryId: original,
        isRedelivery: deliveryId !== original,
        type: 'InvoiceSettled',
        timestamp: now,
        storeId: fakes.btcpay.storeId,
        invoiceId: c.ref,
        metadata: invoice.metadata,
        manuallyMarked: false,
      },
      null,
      2,
    );
    const sig = `sha256=${createHmac('sha256', fakes.btcpay.webhookSecret).update(body).digest('hex')}`;
    return { provider: 'btcpay', body, headers: () => ({ 'content-type': 'application/json', 'btcpay-sig': sig }) };
  };
  return [btcpayDelivery(original), btcpayDelivery(hex(12))];
}

/** A fixed shuffle (so runs compare), mixing first deliveries with repeats that can race them. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 0x5eed;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const post = (baseUrl: string, d: Delivery) =>
  fetch(`${baseUrl}/api/billing/webhooks/${d.provider}`, { method: 'POST', body: d.body, headers: d.headers() });

interface Ingestion {
  events: number;
  seconds: number;
  latencyMs: number[];
  /** e.g. `200×1000` */
  statuses: Map<string, number>;
  /** What the server answered for each 2xx: applied, duplicate, … */
  outcomes: Map<string, number>;
  cost?: { serverCpuMs: number; dbCpuMs: number };
  /** CPU of this process (the sender and the provider stand-ins answering the server's re-reads), ms per delivery. */
  benchCpuMs: number;
}

const tally = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/** Sends every delivery once, `connections` at a time, each as soon as the previous one on its connection is answered. */
async function deliverAll(baseUrl: string, deliveries: Delivery[], connections: number, meter?: Meter) {
  const result: Ingestion = {
    events: deliveries.length,
    seconds: 0,
    latencyMs: [],
    statuses: new Map(),
    outcomes: new Map(),
    benchCpuMs: 0,
  };
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++] as Delivery;
      const t = performance.now();
      try {
        const res = await post(baseUrl, d);
        const text = await res.text();
        result.latencyMs.push(performance.now() - t);
        tally(result.statuses, String(res.status));
        if (res.ok) tally(result.outcomes, (JSON.parse(text) as { outcome?: string }).outcome ?? '?');
      } catch {
        result.latencyMs.push(performance.now() - t);
        tally(result.statuses, 'error');
      }
    }
  };
  const end = meter?.begin();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  result.seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  result.benchCpuMs = (used.user + used.system) / 1000 / deliveries.length;
  result.cost = end?.(deliveries.length);
  return result;
}

interface Effects {
  payments: number;
  exactPayments: number;
  attemptsPaid: number;
  invoicesPaid: number;
  eventsStored: number;
  failures: number;
}

/** What the run left in the database for the checkouts it paid. */
async function effectsOf(db: Kysely<Database>, checkouts: OpenCheckout[], since: Date): Promise<Effects> {
  const attemptIds = checkouts.map((c) => c.attemptId);
  const invoiceIds = checkouts.map((c) => c.invoiceId);
  const [payments, attempts, invoices, events, failures] = await Promise.all([
    db
      .selectFrom('payments as p')
      .innerJoin('payment_attempts as a', 'a.id', 'p.attempt_id')
      .select([
        sql<string>`count(*)`.as('n'),
        sql<string>`count(*) filter (where p.amount = a.amount and p.kind = 'full' and p.invoice_id = a.invoice_id)`.as(
          'exact',
        ),
      ])
      .where('p.attempt_id', 'in', attemptIds)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('payment_attempts')
      .select(sql<string>`count(*)`.as('n'))
      .where('id', 'in', attemptIds)
      .where('status', '=', 'paid')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('invoices')
      .select(sql<string>`count(*)`.as('n'))
      .where('id', 'in', invoiceIds)
      .where('status', '=', 'paid')
      .whereRef('amount_paid', '=', 'total')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('provider_events')
      .select(sql<string>`count(*)`.as('n'))
      .where('attempt_id', 'in', attemptIds)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('webhook_failures')
      // One row counts the failures of a provider, kind and minute.
      .select(sql<string>`coalesce(sum(count), 0)`.as('n'))
      .where('received_at', '>=', since)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    payments: Number(payments.n),
    exactPayments: Number(payments.exact),
    attemptsPaid: Number(attempts.n),
    invoicesPaid: Number(invoices.n),
    eventsStored: Number(events.n),
    failures: Number(failures.n),
  };
}

/**
 * The statements of one request each, less what the bench's main server runs meanwhile in the
 * background (its contact outbox poll; cost.ts already leaves pg-boss out): no billing request
 * touches contact_messages.
 */
async function billingStatements(
  db: Kysely<Database>,
  clusterDir: string,
  requests: { label: string; send: () => Promise<unknown> }[],
): Promise<Statements> {
  const found = await statementsPerRequest(db, clusterDir, requests);
  for (const [label, statements] of found)
    found.set(
      label,
      statements.filter((s) => !/\bcontact_messages\b/.test(s)),
    );
  return found;
}

// --- Query plans ----------------------------------------------------------------------------------

/** The list page and its count, built by the server's own repo function exactly as the route builds them. */
function listQueries(db: Kysely<Database>, f: InvoiceFixture) {
  const client: Viewer = { kind: 'company', companyId: f.companyId };
  const staff = () => invoicesQuery(db, { kind: 'all' }).where('i.company_id', '=', f.companyId);
  const page = (q: ReturnType<typeof staff>) =>
    q.orderBy('i.created_at', 'desc').orderBy('i.id').limit(LIST_PAGE).offset(0).compile();
  const total = (q: ReturnType<typeof staff>) => q.clearSelect().select(sql<string>`count(*)`.as('n')).compile();
  return [
    { label: 'invoice page (client)', endpoint: LIST_CLIENT, query: page(invoicesQuery(db, client)) },
    { label: 'invoice count (client)', endpoint: LIST_CLIENT, query: total(invoicesQuery(db, client)) },
    { label: 'invoice page (staff)', endpoint: LIST_STAFF, query: page(staff()) },
    { label: 'invoice count (staff)', endpoint: LIST_STAFF, query: total(staff()) },
  ];
}

function explainList(db: Kysely<Database>, f: InvoiceFixture): Promise<Plan[]> {
  return explainQueries(db, listQueries(db, f));
}

/** PASS when invoices are reached through an index, or a sequential scan is the cheaper plan after all. */
const indexed = (p: Plan): boolean => !p.seqScans.some((s) => s.startsWith('invoices ')) || seqScanIsCheaper(p);

// --- Tables ---------------------------------------------------------------------------------------

function ingestionTables(run: Ingestion, warm: Ingestion, effects: Effects, sqls: Statements): string {
  const p = (q: number) => percentile(run.latencyMs, q);
  const errors = [...run.statuses].filter(([s]) => s !== '200').reduce((n, [, c]) => n + c, 0);
  const distinct = run.events / 2;
  const checks: [string, number, number][] = [
    ['deliveries answered 200', run.statuses.get('200') ?? 0, run.events],
    ['answered "applied" (first delivery)', run.outcomes.get('applied') ?? 0, distinct],
    ['answered "duplicate" (repeat)', run.outcomes.get('duplicate') ?? 0, distinct],
    ['provider events stored', effects.eventsStored, distinct],
    ['payments recorded', effects.payments, distinct],
    ['  of them the exact amount asked, kind full', effects.exactPayments, distinct],
    ['checkouts paid', effects.attemptsPaid, distinct],
    ['invoices paid (amount paid = total)', effects.invoicesPaid, distinct],
    ['webhook failures counted', effects.failures, 0],
  ];
  const statements = (label: string) => sqls.get(label)?.length ?? '-';
  return [
    table(
      `Billing: webhook ingestion (${count(run.events)} signed deliveries of ${count(distinct)} payments, each sent twice, at ${BILLING_CONNECTIONS} concurrent connections)`,
      ['run', 'events', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', ...COST_HEAD.slice(0, 2)],
      [
        [
          'Stripe + BTCPay, half repeats',
          count(run.events),
          count(run.events / run.seconds),
          ms(p(50)),
          ms(p(99)),
          ms(Math.max(...run.latencyMs)),
          count(errors),
          run.cost && Number.isFinite(run.cost.serverCpuMs) ? run.cost.serverCpuMs.toFixed(2) : '-',
          run.cost && Number.isFinite(run.cost.dbCpuMs) ? run.cost.dbCpuMs.toFixed(2) : '-',
        ],
      ],
      [
        `Stripe: checkout.session.completed, repeated with the same event id and a fresh Stripe-Signature (the stripe SDK's`,
        `generateTestHeaderString); BTCPay: InvoiceSettled as indented JSON with BTCPay-Sig, redelivered with a new deliveryId`,
        `and the same originalDeliveryId. Shuffled once (fixed order), so repeats can race their first delivery.`,
        `Each delivery makes the server re-read the checkout from the provider stand-in (in the bench process, loopback);`,
        `the bench process (sender and stand-ins) used ${run.benchCpuMs.toFixed(2)} ms CPU per delivery on the same cores.`,
        `Sent as fast as answered: ${BILLING_CONNECTIONS} in flight; events/s = deliveries / wall time (${run.seconds.toFixed(2)} s);`,
        `p50/p99/max from all ${count(run.events)} deliveries; CPU ms per delivery. A warm-up of ${count(warm.events)} deliveries`,
        `(${count(warm.events / 2)} other payments) ran first: ${count(warm.events / warm.seconds)} events/s, p99 ${ms(percentile(warm.latencyMs, 99))} ms.`,
        `Statements per delivery: Stripe new ${statements(HOOK.stripeNew)}, repeat ${statements(HOOK.stripeAgain)}; BTCPay new ${statements(HOOK.btcpayNew)}, redelivery ${statements(HOOK.btcpayAgain)}.`,
        `Statuses: ${[...run.statuses].map(([s, c]) => `${s}×${c}`).join(' ')}; outcomes: ${[...run.outcomes].map(([o, c]) => `${o}×${c}`).join(' ')}`,
      ],
    ),
    table(
      'Billing: what the webhook run left in the database (exactly one effect per payment)',
      ['check', 'found', 'expected', 'result'],
      checks.map(([label, found, expected]) => [label, count(found), count(expected), verdict(found === expected)]),
    ),
  ].join('');
}

function listTable(f: InvoiceFixture, runs: LoadRuns, duration: number): string {
  return loadTargetTable(
    `Billing: invoice list (${BILLING_CONNECTIONS} connections, ${duration} s each; a company with ${count(f.invoices)} invoices among ${count(f.invoices + f.otherInvoices)})`,
    runs,
    INVOICE_LIST_P99_TARGET_MS,
    [
      `Client: ?pageSize=${LIST_PAGE} (their company, ${count(f.visibleToClient)} invoices that are not drafts); staff: ?company=<id>&pageSize=${LIST_PAGE}.`,
      `Fixture: ${count(f.invoices)} invoices + ${OTHER_COMPANIES} other companies × ${INVOICES_PER_OTHER_COMPANY}, two lines each, a checkout and payment`,
      `behind each paid one; inserted in ${ms(f.ms)} ms (multi-row INSERTs, then VACUUM ANALYZE).`,
    ],
  );
}

const invoicePlanTable = (plans: Plan[], sqls: Statements): string =>
  planTable('Query plans of the invoice list', plans, sqls, indexed, [
    'PASS = invoices only through an index, or a sequential scan that is the cheaper choice (not slower than the same',
    'query with enable_seqscan = off). companies is one row per client: a sequential scan of it is expected.',
  ]);

// --- The section ------------------------------------------------------------------------------------

export interface BillingBenchOptions {
  cluster: Cluster;
  /** The bench's own connection to the cluster. */
  db: Kysely<Database>;
  staffIds: string[];
  passwordHash: string;
  /** The settings the bench's main server runs with; the billing server adds the providers'. */
  serverEnv: Record<string, string>;
  duration: number;
  warmup: number;
}

/**
 * Seeds the billing fixtures, starts a server of its own whose Stripe and BTCPay point at stand-ins
 * the bench controls (so it can sign webhooks with their secrets), measures, and returns the tables.
 */
export async function benchBilling(o: BillingBenchOptions): Promise<string> {
  progress(
    `Billing: inserting ${count(INVOICES_TOTAL)} invoices with their lines and payments, and ${count(CHECKOUTS)} open checkouts …`,
  );
  const fixture = await seedInvoices(o.db, o.staffIds, o.passwordHash);
  const checkouts = await seedOpenCheckouts(o.db, 'Bench Paying Client Ltd', CHECKOUTS, o.staffIds);
  progress(`  inserted in ${ms(fixture.ms)} ms (invoice list fixture)`);
  const probe = checkouts.slice(0, 2); // one Stripe, one BTCPay: the statements of one delivery
  const warm = checkouts.slice(2, 2 + WARMUP_PAYMENTS);
  const measured = checkouts.slice(2 + WARMUP_PAYMENTS);

  const fakes = await startFakes();
  progress('Billing: starting a server whose Stripe and BTCPay are stand-ins the bench signs webhooks for …');
  const server: Server = startServer(await freePort(), {
    ...o.serverEnv,
    ...fakes.env,
    DATABASE_URL: o.cluster.url,
    // The bench's main server works the queue; this one only answers (no second worker or reconciler).
    RUN_WORKER: 'false',
  });
  try {
    await server.waitFor('/readyz', { timeoutMs: 60_000, intervalMs: 100 });
    const meter = cpuMeter(server.pid, o.cluster.dir);
    const sqls: Statements = new Map();

    // Webhooks
    const [stripeProbe, btcpayProbe] = probe.map((c) => paidTwice(fakes, c)) as [
      [Delivery, Delivery],
      [Delivery, Delivery],
    ];
    const send = (d: Delivery) => async () => {
      const res = await post(server.url, d);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`The ${d.provider} webhook answered ${res.status}`);
    };
    progress('Billing: counting the SQL statements of one webhook delivery, new and repeated …');
    for (const [label, statements] of await billingStatements(o.db, o.cluster.dir, [
      { label: HOOK.stripeNew, send: send(stripeProbe[0]) },
      { label: HOOK.stripeAgain, send: send(stripeProbe[1]) },
      { label: HOOK.btcpayNew, send: send(btcpayProbe[0]) },
      { label: HOOK.btcpayAgain, send: send(btcpayProbe[1]) },
    ]))
      sqls.set(label, statements);

    progress(`Billing: warm-up, ${count(WARMUP_PAYMENTS * 2)} webhook deliveries …`);
    const warmRun = await deliverAll(
      server.url,
      shuffled(warm.flatMap((c) => paidTwice(fakes, c))),
      BILLING_CONNECTIONS,
    );
    const since = new Date();
    const deliveries = shuffled(measured.flatMap((c) => paidTwice(fakes, c)));
    progress(`Billing: ${count(deliveries.length)} webhook deliveries at ${BILLING_CONNECTIONS} connections …`);
    const run = await deliverAll(server.url, deliveries, BILLING_CONNECTIONS, meter);
    await sleep(500); // nothing should still be in flight; give a late effect the chance to show
    const effects = await effectsOf(o.db, measured, since);

    // Invoice list
    const clientTokens = await sessionTokens(o.db, [fixture.clientId], 10);
    const staffTokens = await sessionTokens(o.db, o.staffIds, 10);
    const targets = [
      withSession(LIST_CLIENT, `/api/billing/invoices?pageSize=${LIST_PAGE}`, clientTokens),
      withSession(LIST_STAFF, `/api/billing/invoices?company=${fixture.companyId}&pageSize=${LIST_PAGE}`, staffTokens),
    ];
    progress('Billing: counting the SQL statements of one invoice list request each …');
    for (const [label, statements] of await billingStatements(
      o.db,
      o.cluster.dir,
      targets.map((t) => ({ label: t.label, send: () => sendOnce(server.url, t) })),
    ))
      sqls.set(label, statements);
    const lists: LoadResult[] = [];
    const cacheBefore = await cacheLookups(server.url, 'billing_changed');
    for (const target of targets) {
      progress(
        `Load: ${target.label} at ${BILLING_CONNECTIONS} connections (${o.warmup} s warm-up + ${o.duration} s) …`,
      );
      lists.push(
        await runLoad(server.url, target, {
          connections: BILLING_CONNECTIONS,
          duration: o.duration,
          warmup: o.warmup,
          meter,
        }),
      );
    }
    const cache = cacheNote(cacheBefore, await cacheLookups(server.url, 'billing_changed'));
    progress('Billing: EXPLAIN (ANALYZE, BUFFERS) of the invoice list queries …');
    const plans = await explainList(o.db, fixture);

    const heading = 'Billing: SQL statements per request (one request each, from the PostgreSQL statement log)';
    return [
      ingestionTables(run, warmRun, effects, sqls),
      listTable(fixture, { results: lists, sqls, cacheNote: cache }, o.duration),
      invoicePlanTable(plans, sqls),
      [heading, '', ...statementLines(sqls).map((line) => `  ${line}`), '', ''].join('\n'),
    ].join('');
  } finally {
    await server.stop();
    await fakes.close();
  }
}

// Alone: a throwaway cluster, staff users, this section, then everything stopped.
if (import.meta.main) {
  const duration = Number(process.env.BENCH_DURATION || 10);
  if (!(duration > 0))
    throw new Error(`BENCH_DURATION must be a number of seconds, got "${process.env.BENCH_DURATION}"`);
  progress('Starting a throwaway PostgreSQL …');
  const cluster = await startCluster();
  onCleanup(() => cluster.stop());
  const bench = await openDatabase({ url: cluster.url });
  try {
    await migrateToLatest(bench.db); // in the full run, the main server has applied them
    const passwordHash = await hashPassword('bench-login-password-1');
    const staff = await insertStaff(bench.db, 10, passwordHash);
    print(
      await benchBilling({
        cluster,
        db: bench.db,
        staffIds: staff.map((u) => u.id),
        passwordHash,
        serverEnv: { TRUST_PROXY: 'true', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
        duration,
        warmup: 2,
      }),
    );
  } finally {
    await bench.close();
  }
  process.exit(0);
}
