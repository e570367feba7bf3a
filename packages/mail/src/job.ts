import type { JobDefinition } from '@coppertone/jobs';
import type { Mailer, OutgoingMail } from './mailer.ts';

/** A rendered mail, queued by a request and sent by the worker (retried when the server is down). */
export const SEND_MAIL_JOB = 'mail.send';

/**
 * Mails one worker sends at once: a burst (an invitation round) drains in parallel instead of one
 * after another, while the SMTP transport keeps to as many connections (mailer.ts, SMTP_CONNECTIONS).
 */
export const MAIL_CONCURRENCY = 5;

export function sendMailJob(mailer: Mailer): JobDefinition<OutgoingMail> {
  return {
    name: SEND_MAIL_JOB,
    concurrency: MAIL_CONCURRENCY,
    async handle(mail, { log }) {
      await mailer.send(mail);
      log.info({ subject: mail.subject }, 'mail sent');
    },
  };
}
