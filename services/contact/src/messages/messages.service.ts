import { CONTACT_HONEYPOT } from '@coppertone/contracts';
import type { Database } from '@coppertone/db';
import { type RateLimitRule, rateLimitedError } from '@coppertone/http';
import type { Logger } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { storeMessageWithinLimit } from './messages.repo.ts';
import type { ContactMessageInput } from './messages.schema.ts';

export const CONTACT_RATE_LIMIT: RateLimitRule = { scope: 'contact:address', limit: 5, windowSeconds: 60 };

export type SubmitOutcome = { kind: 'stored'; id: string } | { kind: 'dropped' };

/**
 * Counts the sender against the rate limit and stores the message, in one statement. Staff are
 * e-mailed by the worker, which drains stored messages it has not notified about yet (the outbox), so
 * the message and its notification can never part. A filled honeypot counts against the limit and is
 * then dropped silently.
 */
export async function submitMessage(opts: {
  db: Kysely<Database>;
  log: Logger;
  input: ContactMessageInput;
  remoteAddress: string;
  userAgent?: string;
}): Promise<SubmitOutcome> {
  const { db, log, input } = opts;
  const honeypot = !!input[CONTACT_HONEYPOT];
  const outcome = await storeMessageWithinLimit(
    db,
    CONTACT_RATE_LIMIT,
    {
      name: input.name,
      email: input.email,
      company: input.company,
      message: input.message,
      remoteAddress: opts.remoteAddress,
      userAgent: opts.userAgent,
    },
    { keep: !honeypot },
  );
  if (outcome.limited) throw rateLimitedError(outcome.retryAfter);
  if (!outcome.id) {
    log.info({ remoteAddress: opts.remoteAddress }, 'contact honeypot filled; dropped');
    return { kind: 'dropped' };
  }
  log.info({ messageId: outcome.id }, 'contact message stored');
  return { kind: 'stored', id: outcome.id };
}
