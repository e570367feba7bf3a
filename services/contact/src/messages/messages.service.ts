import { CONTACT_HONEYPOT } from '@coppertone/contracts';
import type { Database } from '@coppertone/db';
import { enforceRateLimit, type RateLimitRule } from '@coppertone/http';
import type { Jobs } from '@coppertone/jobs';
import type { Logger } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { NOTIFY_STAFF_JOB } from './messages.jobs.ts';
import { insertMessage } from './messages.repo.ts';
import type { ContactMessageInput } from './messages.schema.ts';

export const CONTACT_RATE_LIMIT: RateLimitRule = { scope: 'contact:address', limit: 5, windowSeconds: 60 };

export type SubmitOutcome = { kind: 'stored'; id: string } | { kind: 'dropped' };

/**
 * Stores a message and queues the staff notification in one transaction: either both happen or
 * neither does. A filled honeypot is counted against the rate limit and then dropped silently.
 */
export async function submitMessage(opts: {
  db: Kysely<Database>;
  jobs: Pick<Jobs, 'send'>;
  log: Logger;
  input: ContactMessageInput;
  remoteAddress: string;
  userAgent?: string;
}): Promise<SubmitOutcome> {
  const { db, jobs, log, input } = opts;
  await enforceRateLimit(db, CONTACT_RATE_LIMIT, opts.remoteAddress);
  if (input[CONTACT_HONEYPOT]) {
    log.info({ remoteAddress: opts.remoteAddress }, 'contact honeypot filled; dropped');
    return { kind: 'dropped' };
  }
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await insertMessage(trx, {
      name: input.name,
      email: input.email,
      company: input.company,
      message: input.message,
      remoteAddress: opts.remoteAddress,
      userAgent: opts.userAgent,
    });
    await jobs.send(NOTIFY_STAFF_JOB, { messageId: id }, { trx });
    return id;
  });
  log.info({ messageId: id }, 'contact message stored');
  return { kind: 'stored', id };
}
