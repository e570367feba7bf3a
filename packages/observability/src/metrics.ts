import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client';

/** Sets some of the scrape-time metrics from the database (one query per metric family). */
export type Sampler = () => Promise<void>;

/**
 * A scrape runs the samplers at most this often: a scrape every 15 s costs one query per family, and
 * several scrapers (two Prometheus servers, a curl) at once cost no more.
 */
export const SAMPLE_TTL_MS = 5000;

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Read-cache lookups by cache (its change channel) and result (hit, miss). */
  readCache: Counter<'cache' | 'result'>;
  jobsQueued: Gauge<'queue'>;
  jobsOldestQueuedAge: Gauge<'queue'>;
  /** Jobs that failed their last allowed attempt (counted by the process that ran it). */
  jobsFailed: Counter<'queue'>;
  contactOutboxPending: Gauge;
  contactOutboxOldestAge: Gauge;
  /** Provider webhook deliveries by outcome: processed, duplicate, invalid_signature, rejected, error. */
  paymentWebhooks: Counter<'provider' | 'outcome'>;
  checkoutsAwaitingAnswer: Gauge<'provider'>;
  invoicesOverpaidAwaitingRefund: Gauge;
  invoicesOverpaidOldestAge: Gauge;
  invoices: Gauge<'status'>;
  /** Counters kept by the database (rows that are never deleted), read at scrape time. */
  usersRegistered: Counter;
  paymentsReceived: Counter<'provider'>;
  paymentsReceivedMinor: Counter<'provider' | 'currency'>;
  sseConnections: Gauge;
  dbPoolConnections: Gauge<'state'>;
  dbPoolMax: Gauge;
  /**
   * Makes the given metrics part of this process's answer and, with `sample`, sets them at scrape time.
   * A metric is only shown by the process that owns it (the function that adopted it), so a sum across
   * functions counts nothing twice and no function shows a zero for what it does not know.
   */
  adopt(metrics: Metric[], sample?: Sampler): void;
}

/**
 * One registry per process. `route` is the matched route pattern (never the raw path), so
 * cardinality stays bounded whatever URLs clients send. The names are those of
 * deploy/monitoring/README.md's metric table, which the dashboards and alerts use.
 */
export function createMetrics(
  opts: {
    prefix?: string;
    defaults?: boolean;
    onSampleError?: (err: unknown) => void;
    /** How long one run of the samplers answers scrapes (tests use 0 to see every change). */
    sampleTtlMs?: number;
  } = {},
): Metrics {
  const registry = new Registry();
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry, prefix: opts.prefix });
  const samplers: Sampler[] = [];
  let last: { at: number; run: Promise<void> } | undefined;
  // Every adopted gauge asks for this when scraped: all of them share one run of the samplers.
  const refresh = (): Promise<void> => {
    const now = performance.now();
    if (last && now - last.at < (opts.sampleTtlMs ?? SAMPLE_TTL_MS)) return last.run;
    const run = Promise.all(
      samplers.map((s) =>
        s().catch((err) => {
          // The values of the last good run stay: a database that is down shows on pg_up and /readyz.
          opts.onSampleError?.(err);
        }),
      ),
    ).then(() => undefined);
    last = { at: now, run };
    return run;
  };
  const collect = {
    collect: async () => {
      await refresh();
    },
  };
  const gauge = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [], ...collect });
  const counter = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [], ...collect });

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, matched route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const readCache = new Counter({
    name: 'read_cache_lookups_total',
    help: 'Read-cache lookups by cache and result (hit: answered from memory; miss: computed)',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    readCache,
    jobsQueued: gauge('jobs_queued', 'Jobs waiting to run now, by queue', ['queue']),
    jobsOldestQueuedAge: gauge(
      'jobs_oldest_queued_age_seconds',
      'Age of the oldest job waiting to run now, by queue (0 when none waits)',
      ['queue'],
    ),
    jobsFailed: new Counter({
      name: 'jobs_failed_total',
      help: 'Jobs that failed their last allowed attempt, by queue',
      labelNames: ['queue'] as const,
      registers: [],
    }),
    contactOutboxPending: gauge('contact_outbox_pending', 'Contact messages whose staff notification is not sent yet'),
    contactOutboxOldestAge: gauge(
      'contact_outbox_oldest_age_seconds',
      'Age of the oldest contact message whose notification is not sent (0 when none)',
    ),
    paymentWebhooks: new Counter({
      name: 'payment_webhooks_total',
      help: 'Payment provider webhook deliveries by provider and outcome (processed, duplicate, invalid_signature, rejected, error)',
      labelNames: ['provider', 'outcome'] as const,
      registers: [],
    }),
    checkoutsAwaitingAnswer: gauge(
      'checkouts_awaiting_answer',
      'Checkouts opened or processing that the provider has not settled yet, by provider',
      ['provider'],
    ),
    invoicesOverpaidAwaitingRefund: gauge(
      'invoices_overpaid_awaiting_refund',
      'Invoices paid beyond their total with no refund pending or done',
    ),
    invoicesOverpaidOldestAge: gauge(
      'invoices_overpaid_oldest_age_seconds',
      'Age of the oldest overpaid invoice awaiting a refund, from its last payment (0 when none)',
    ),
    invoices: gauge('invoices', 'Invoices by status (overdue: sent or partially paid, past the due date)', ['status']),
    usersRegistered: counter('users_registered_total', 'Accounts created (sign-ups, invitations accepted, admins)'),
    paymentsReceived: counter('payments_received_total', 'Payments recorded, by provider', ['provider']),
    paymentsReceivedMinor: counter(
      'payments_received_minor_total',
      'Sum of payments recorded in minor units (cents, satoshi…), by provider and currency',
      ['provider', 'currency'],
    ),
    sseConnections: new Gauge({
      name: 'sse_connections',
      help: 'Open live-update (Server-Sent Events) streams',
      registers: [],
    }),
    dbPoolConnections: gauge('db_pool_connections', 'Database pool clients by state (total, idle, waiting)', ['state']),
    dbPoolMax: gauge('db_pool_max', 'Largest number of clients the database pool opens'),
    adopt(metrics, sample) {
      for (const m of metrics) {
        const name = (m as unknown as { name: string }).name;
        if (!registry.getSingleMetric(name)) registry.registerMetric(m);
      }
      if (sample) samplers.push(sample);
    },
  };
}

/** Sets a labelled gauge to exactly these values: labels that are gone drop out of the answer. */
export function setAll<L extends string>(metric: Gauge<L> | Counter<L>, rows: Array<[Record<L, string>, number]>) {
  metric.reset();
  for (const [labels, value] of rows) {
    if (metric instanceof Gauge) metric.set(labels as never, value);
    else metric.inc(labels as never, value);
  }
}

/** One sample's value as a scrape would show it now (0 when the labels have none): for tests. */
export async function readMetric(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not in this process's metrics`);
  const { values } = await metric.get();
  const match = values.find((v) =>
    Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want),
  );
  return match?.value ?? 0;
}
