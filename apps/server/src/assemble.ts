import { createSessionCache } from '@coppertone/auth';
import { billingFunction, buildBilling } from '@coppertone/billing';
import type { BaseConfig } from '@coppertone/config';
import { buildContact, contactFunction } from '@coppertone/contact';
import { buildIdentity, identityFunction } from '@coppertone/identity';
import { startJobs } from '@coppertone/jobs';
import { createMailer } from '@coppertone/mail';
import { type Booted, exitOnProblems, type FunctionDeps } from '@coppertone/runtime';
import { buildWork, workFunction } from '@coppertone/work';
import { ALL_QUEUES, startWorker, workerFunction } from '@coppertone/worker';
import type { z } from 'zod';
import { serverConfigFields } from './config.ts';
import { startDemoPayments } from './demo-payments.ts';

/** Every setting the all-in-one server reads: those of each function it mounts, the worker's and its own. */
export const allInOneConfigFields = {
  ...identityFunction.configFields,
  ...workFunction.configFields,
  ...billingFunction.configFields,
  ...contactFunction.configFields,
  ...workerFunction.configFields,
  ...serverConfigFields,
};

export type AllInOneConfig = BaseConfig & z.infer<z.ZodObject<typeof allInOneConfigFields>>;

/** What boot gives (or a test makes in its place): settings, logging, metrics and the open database. */
export type AssembleParts = Pick<Booted<unknown>, 'log' | 'metrics' | 'database' | 'ready'> & {
  config: AllInOneConfig;
};

/**
 * The all-in-one server's parts, from what boot gives: the mailer (the dev mailbox without
 * SMTP_URL); billing's options, pointed at the payment stand-ins when no provider is configured
 * (never in production; a billing setting that is wrong stops the process, as in a billing
 * container); the job queue, worked in this process unless RUN_WORKER=false; one session cache;
 * and each function built as its own container builds it (src/function.ts of each). `close` stops
 * what it started, the database aside.
 */
export async function assembleServer({ config, log, metrics, database, ready }: AssembleParts) {
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });

  const unconfigured = !config.STRIPE_SECRET_KEY && !config.BTCPAY_URL;
  const demoPayments =
    unconfigured && config.NODE_ENV !== 'production' ? await startDemoPayments(config.PUBLIC_URL) : undefined;
  const { options: billing, problems } = billingFunction.fromConfig({ ...config, ...demoPayments?.env });
  exitOnProblems('server', problems);

  // With RUN_WORKER=false the functions still queue jobs, and a worker process beside this one works them.
  const runsWorker = config.RUN_WORKER;
  const jobs = await startJobs({
    database,
    log,
    role: runsWorker ? 'worker' : 'producer',
    queues: ALL_QUEUES,
    metrics,
  });
  const stopWorker = runsWorker
    ? await startWorker(jobs, {
        db: database.db,
        mailer,
        config,
        log,
        billing,
        reconcileIntervalSeconds: config.BILLING_RECONCILE_INTERVAL_SECONDS,
      })
    : async () => {};

  // One session cache for every function in this process (revocations reach it directly).
  const sessions = await createSessionCache(database);
  const deps: FunctionDeps = {
    database,
    jobs,
    sessions,
    log,
    metrics,
    ready,
    publicUrl: config.PUBLIC_URL,
    trustProxy: config.TRUST_PROXY,
  };
  const functions = {
    identity: await buildIdentity(deps),
    work: await buildWork(deps),
    billing: await buildBilling(deps, billing),
    contact: await buildContact(deps),
  };

  return {
    db: database.db,
    mailer,
    demoPayments,
    billing,
    jobs,
    runsWorker,
    sessions,
    functions,
    publicUrl: config.PUBLIC_URL,
    async close() {
      await stopWorker();
      await demoPayments?.close();
      for (const fn of Object.values(functions)) await fn.close();
      await sessions.close();
      await jobs.stop();
    },
  };
}

export type AssembledServer = Awaited<ReturnType<typeof assembleServer>>;
