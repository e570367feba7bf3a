import type { JobDefinition } from '@coppertone/jobs';
import type { Mailer, OutgoingMail } from './mailer.ts';

/** A rendered mail, queued by a request and sent by the worker (retried when the server is down). */
export const SEND_MAIL_JOB = 'mail.send';

export function sendMailJob(mailer: Mailer): JobDefinition<OutgoingMail> {
  return {
    name: SEND_MAIL_JOB,
    async handle(mail, { log }) {
      await mailer.send(mail);
      log.info({ subject: mail.subject }, 'mail sent');
    },
  };
}
