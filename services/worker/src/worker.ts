import { type BillingOptions, startReconciler } from '@coppertone/billing';
import { startStaffNotifier } from '@coppertone/contact';
import type { Jobs } from '@coppertone/jobs';
import type { Logger } from '@coppertone/observability';
import { allJobs, type WorkerDeps } from './jobs.ts';

export interface WorkerOptions extends WorkerDeps {
  /** The payment providers the reconciler asks, and after how long a checkout is asked about. */
  billing: Pick<BillingOptions, 'providers' | 'reconcileAfterSeconds'>;
  reconcileIntervalSeconds: number;
}

/**
 * Everything the worker does, in whichever process runs it (the worker container, or the
 * all-in-one server unless RUN_WORKER=false): works the queued jobs, drains the contact outbox
 * (staff e-mails about stored messages) and runs the payment reconciler, which asks the providers
 * about checkouts no webhook has settled. The one place each of them is started. Returns how to stop.
 */
export async function startWorker(
  jobs: Pick<Jobs, 'work' | 'send'>,
  deps: WorkerOptions & { log: Logger },
): Promise<() => Promise<void>> {
  await jobs.work(allJobs(deps));
  const notifier = startStaffNotifier({
    db: deps.db,
    mailer: deps.mailer,
    notifyEmail: deps.config.CONTACT_NOTIFY_EMAIL,
    log: deps.log.child({ outbox: 'contact' }),
  });
  const stopReconciler = startReconciler(
    { db: deps.db, jobs, publicUrl: deps.config.PUBLIC_URL, ...deps.billing },
    deps.log,
    deps.reconcileIntervalSeconds,
  );
  return async () => {
    stopReconciler();
    await notifier.stop();
  };
}
