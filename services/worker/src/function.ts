import { constants, setPriority } from 'node:os';
import { billingConfigFields, providersFromConfig } from '@coppertone/billing';
import { createFunctionApp } from '@coppertone/http';
import { createMailer } from '@coppertone/mail';
import { defineFunction, type FunctionDeps } from '@coppertone/runtime';
import { workerConfigFields } from './config.ts';
import { ALL_QUEUES } from './jobs.ts';
import { startWorker, type WorkerOptions } from './worker.ts';

/**
 * The worker in a process of its own: everything `startWorker` runs, and an app that serves only
 * health and metrics. Background work gives way to the functions answering visitors when they
 * share the cores of one host; it still gets all the CPU they leave idle.
 */
export async function buildWorker(deps: FunctionDeps, options: Omit<WorkerOptions, 'db'>) {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch (err) {
    deps.log.warn({ err }, 'could not lower the worker priority; it competes with the functions as an equal');
  }
  const stop = await startWorker(deps.jobs, { ...options, db: deps.database.db, log: deps.log });
  const app = createFunctionApp({ name: 'worker', ...deps });
  return { app, close: stop, describe: { mail: options.mailer.describe() } };
}

/** How the worker container starts (main.ts); the all-in-one server calls `startWorker` itself. */
export const workerFunction = defineFunction({
  name: 'worker',
  configFields: { ...workerConfigFields, ...billingConfigFields },
  queues: ALL_QUEUES,
  role: 'worker',
  fromConfig: (config) => {
    // Only the reconciler needs the providers; a half-configured one is billing's to refuse (it stops
    // billing, whose checkouts the reconciler would ask about), so the worker still sends mail.
    const { providers } = providersFromConfig(config);
    return {
      options: {
        mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }),
        config,
        billing: { providers, reconcileAfterSeconds: config.BILLING_RECONCILE_AFTER_SECONDS },
        reconcileIntervalSeconds: config.BILLING_RECONCILE_INTERVAL_SECONDS,
      },
      problems: [],
    };
  },
  build: buildWorker,
});
