import type { Database } from '@coppertone/db';
import type { JobDefinition } from '@coppertone/jobs';
import type { Mailer } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { findMessage } from './messages.repo.ts';

export const NOTIFY_STAFF_JOB = 'contact.notify-staff';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** E-mails staff about a new contact message; runs in the worker, retried on failure. */
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
      const from = m.company ? `${m.name} (${m.company})` : m.name;
      await deps.mailer.send({
        to: deps.notifyEmail,
        replyTo: m.email,
        subject: `New contact message from ${from}`,
        text: `${from} <${m.email}> wrote:\n\n${m.message}\n\nReceived ${m.created_at.toISOString()}. Reply to this e-mail to answer.`,
        html: `<p><strong>${escapeHtml(from)}</strong> &lt;${escapeHtml(m.email)}&gt; wrote:</p><blockquote style="white-space:pre-wrap">${escapeHtml(m.message)}</blockquote><p>Received ${m.created_at.toISOString()}. Reply to this e-mail to answer.</p>`,
      });
    },
  };
}
