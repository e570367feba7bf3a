import type { Database } from '@coppertone/db';
import type { JobDefinition } from '@coppertone/jobs';
import type { Mailer } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { staffMail } from './messages.notify.ts';
import { findMessage } from './messages.repo.ts';

export const NOTIFY_STAFF_JOB = 'contact.notify-staff';

/**
 * E-mails staff about a message stored before the outbox (migration 2026-11-25T1550), whose
 * notification was queued as a job; new messages are e-mailed by the outbox (messages.notify.ts).
 */
export function notifyStaffJob(deps: {
  db: Kysely<Database>;
  mailer: Mailer;
  notifyEmail: string;
}): JobDefinition<{ messageId: string }> {
  return {
    name: NOTIFY_STAFF_JOB,
    async handle({ messageId }, { log }) {
      const m = await findMessage(deps.db, messageId);
      if (!m) {
        log.warn({ messageId }, 'contact message gone; nothing to notify');
        return;
      }
      await deps.mailer.send(staffMail(m, deps.notifyEmail));
    },
  };
}
