import { NOTIFY_STAFF_JOB, notifyStaffJob } from '@coppertone/contact';
import type { Database } from '@coppertone/db';
import { ACCOUNT_MAIL_JOB, accountMailJob } from '@coppertone/identity';
import type { JobDefinition } from '@coppertone/jobs';
import { type Mailer, SEND_MAIL_JOB, sendMailJob } from '@coppertone/mail';
import { TASK_ASSIGNED_JOB, taskAssignedJob } from '@coppertone/work';
import type { Kysely } from 'kysely';

/** Every queue a function may send to; producers create them so a job is never sent to a missing queue. */
export const ALL_QUEUES = [NOTIFY_STAFF_JOB, SEND_MAIL_JOB, TASK_ASSIGNED_JOB, ACCOUNT_MAIL_JOB];

export interface WorkerDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  config: { CONTACT_NOTIFY_EMAIL: string; PUBLIC_URL: string };
}

/** The handlers the worker runs: one list, used by the worker container and the all-in-one server. */
export function allJobs(deps: WorkerDeps): JobDefinition<never>[] {
  return [
    notifyStaffJob({ db: deps.db, mailer: deps.mailer, notifyEmail: deps.config.CONTACT_NOTIFY_EMAIL }),
    sendMailJob(deps.mailer),
    accountMailJob({ db: deps.db, mailer: deps.mailer, publicUrl: deps.config.PUBLIC_URL }),
    taskAssignedJob({ db: deps.db, mailer: deps.mailer, publicUrl: deps.config.PUBLIC_URL }),
  ] as JobDefinition<never>[];
}
