import { currentRequestId, type Logger, type Metrics, setAll } from '@coppertone/observability';
import { CompiledQuery, type Kysely } from 'kysely';
import { PgBoss } from 'pg-boss';

// biome-ignore lint/suspicious/noExplicitAny: a transaction of any schema
type AnyKysely = Kysely<any>;

/** Where a job's data carries the id of the request that queued it. */
export const REQUEST_ID_FIELD = '_requestId';

export interface JobDefinition<T extends object> {
  name: string;
  /** Runs in the worker; throwing retries the job with backoff, up to `retryLimit` times. */
  handle(data: T, ctx: { log: Logger; jobId: string }): Promise<void>;
  retryLimit?: number;
  /** How many jobs of this kind one worker process runs at once (default 1: one after another). */
  concurrency?: number;
}

export interface Jobs {
  /** Enqueues a job; pass the caller's transaction so the job exists only if the transaction commits. */
  send<T extends object>(name: string, data: T, opts?: { trx?: AnyKysely }): Promise<string | null>;
  /** Starts working the given definitions in this process. */
  work(defs: JobDefinition<never>[]): Promise<void>;
  stop(): Promise<void>;
  boss: PgBoss;
}

/**
 * pg-boss on the application database: no broker to run. A producer (a function) and the worker
 * share this; only the worker calls `work`, and only it runs maintenance (`supervise`).
 */
export async function startJobs(opts: {
  /** The real server's URL, or the embedded database's in-process executor. */
  database: { url: string; executor?: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };
  log: Logger;
  role: 'producer' | 'worker';
  queues: string[];
  pollingIntervalSeconds?: number;
  /** The worker shows its queues (depth, oldest waiting job, jobs out of retries) in these. */
  metrics?: Metrics;
}): Promise<Jobs> {
  const boss = new PgBoss({
    ...(opts.database.executor ? { db: opts.database.executor } : { connectionString: opts.database.url, max: 4 }),
    supervise: opts.role === 'worker',
    schedule: opts.role === 'worker',
  });
  boss.on('error', (err) => opts.log.error({ err }, 'job queue error'));
  await boss.start();
  for (const name of opts.queues) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { retryLimit: 5, retryBackoff: true });
  }
  const metrics = opts.role === 'worker' ? opts.metrics : undefined;
  if (metrics) adoptQueueMetrics(metrics, boss, opts.queues);
  return {
    boss,
    async send(name, data, sendOpts) {
      const trx = sendOpts?.trx;
      const db = trx
        ? {
            executeSql: async (text: string, values?: unknown[]) => {
              const res = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
              return { rows: res.rows as unknown[] };
            },
          }
        : undefined;
      // The request that queued it, so the worker's lines about it carry the same id.
      const requestId = currentRequestId();
      const payload = requestId ? { ...data, [REQUEST_ID_FIELD]: requestId } : data;
      return boss.send(name, payload, db ? { db } : {});
    },
    async work(defs) {
      for (const def of defs) {
        await boss.work(
          def.name,
          {
            pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
            batchSize: 1,
            includeMetadata: true,
            localConcurrency: def.concurrency ?? 1,
          },
          async (jobs) => {
            for (const job of jobs) {
              const requestId = (job.data as Record<string, unknown> | null)?.[REQUEST_ID_FIELD];
              const log = opts.log.child({
                job: def.name,
                jobId: job.id,
                ...(typeof requestId === 'string' ? { requestId } : {}),
              });
              try {
                await def.handle(job.data as never, { log, jobId: job.id });
                log.info('job done');
              } catch (err) {
                const last = job.retryCount >= job.retryLimit;
                if (last) {
                  metrics?.jobsFailed.inc({ queue: def.name });
                  log.error({ err, retries: job.retryCount }, 'job failed its last attempt; it will not run again');
                } else log.warn({ err }, 'job failed; will retry');
                throw err;
              }
            }
          },
        );
      }
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}

/** Jobs waiting to run now (not those scheduled for later), and how long the oldest has waited, per queue. */
function adoptQueueMetrics(metrics: Metrics, boss: PgBoss, queues: string[]): void {
  metrics.adopt([metrics.jobsFailed]);
  metrics.adopt([metrics.jobsQueued, metrics.jobsOldestQueuedAge], async () => {
    const { rows } = (await boss.getDb().executeSql(
      `select q.name as queue, count(j.id) as n, coalesce(extract(epoch from now() - min(j.created_on)), 0) as age
       from unnest($1::text[]) as q(name)
       left join pgboss.job j on j.name = q.name and j.state in ('created', 'retry') and j.start_after <= now()
       group by q.name`,
      [queues],
    )) as { rows: Array<{ queue: string; n: string | number; age: string | number }> };
    setAll(
      metrics.jobsQueued,
      rows.map((r) => [{ queue: r.queue }, Number(r.n)]),
    );
    setAll(
      metrics.jobsOldestQueuedAge,
      rows.map((r) => [{ queue: r.queue }, Math.max(0, Number(r.age))]),
    );
  });
}
