import type { Database } from '@coppertone/db';
import type { Mailer, OutgoingMail } from '@coppertone/mail';
import type { Logger } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { claimUnnotified, markNotified, releaseForRetry } from './messages.repo.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** The e-mail staff get about one contact message; replying answers the sender. */
export function staffMail(
  m: { name: string; email: string; company: string | null; message: string; created_at: Date },
  to: string,
): OutgoingMail {
  const from = m.company ? `${m.name} (${m.company})` : m.name;
  return {
    to,
    replyTo: m.email,
    subject: `New contact message from ${from}`,
    text: `${from} <${m.email}> wrote:\n\n${m.message}\n\nReceived ${m.created_at.toISOString()}. Reply to this e-mail to answer.`,
    html: `<p><strong>${escapeHtml(from)}</strong> &lt;${escapeHtml(m.email)}&gt; wrote:</p><blockquote style="white-space:pre-wrap">${escapeHtml(m.message)}</blockquote><p>Received ${m.created_at.toISOString()}. Reply to this e-mail to answer.</p>`,
  };
}

const DEFAULT_BATCH = 20;

export interface NotifierDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  notifyEmail: string;
  log: Logger;
  /**
   * Messages claimed per round (default 20). They are marked sent together at the end of the round, so a
   * worker that dies mid-round gets at most this many e-mailed again by the next one.
   */
  batchSize?: number;
  /** How long a claim keeps other workers off a message; must outlast sending one batch (default 300). */
  leaseSeconds?: number;
}

/**
 * One round of the outbox: claims waiting messages, e-mails staff one message per mail, and marks the
 * ones sent. A failed send goes back to wait for a retry; a worker that dies mid-round leaves its
 * messages to whichever worker runs after the lease ends (at least once: the ones it had already sent
 * go out again). Two statements per round, three when a send failed.
 */
export async function notifyPendingMessages(deps: NotifierDeps): Promise<{ sent: number; failed: number }> {
  const claimed = await claimUnnotified(deps.db, {
    limit: deps.batchSize ?? DEFAULT_BATCH,
    leaseSeconds: deps.leaseSeconds ?? 300,
  });
  const sent: string[] = [];
  const failed: string[] = [];
  for (const m of claimed) {
    try {
      await deps.mailer.send(staffMail(m, deps.notifyEmail));
      sent.push(m.id);
    } catch (err) {
      failed.push(m.id);
      deps.log.warn(
        { err, messageId: m.id, attempt: m.notify_attempts },
        'staff e-mail about a contact message failed; will retry',
      );
    }
  }
  await markNotified(deps.db, sent);
  await releaseForRetry(deps.db, failed);
  if (sent.length) deps.log.info({ sent: sent.length }, 'staff e-mailed about contact messages');
  return { sent: sent.length, failed: failed.length };
}

export interface StaffNotifier {
  /** Finishes the round in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Drains the outbox in the background: a round every `pollMs` (default 1000), and at once again while
 * rounds come back full. Idle, that is one indexed statement a second per worker.
 */
export function startStaffNotifier(deps: NotifierDeps & { pollMs?: number }): StaffNotifier {
  const pollMs = deps.pollMs ?? 1000;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const round = async () => {
    let full = true;
    try {
      while (full && !stopped) {
        const { sent, failed } = await notifyPendingMessages(deps);
        full = sent + failed >= batchSize;
      }
    } catch (err) {
      deps.log.error({ err }, 'contact outbox round failed; trying again at the next poll');
    }
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
  };
  const tick = () => {
    if (running) return;
    running = round().finally(() => {
      running = undefined;
      schedule(pollMs);
    });
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
