import { CONTACT_HONEYPOT } from '@coppertone/contracts';
import { type Batcher, type BatcherOptions, createBatcher, type Database } from '@coppertone/db';
import { type RateLimitRule, rateLimitedError } from '@coppertone/http';
import type { Logger } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { type MessageToStore, type StoreOutcome, storeMessagesWithinLimit } from './messages.repo.ts';
import type { ContactMessageInput } from './messages.schema.ts';

export const CONTACT_RATE_LIMIT: RateLimitRule = { scope: 'contact:address', limit: 5, windowSeconds: 60 };

/** Most messages stored by one statement, and such statements at the database at once. */
export const STORE_BATCH = { maxBatch: 64, maxInFlight: 2 };

export type SubmitOutcome = { kind: 'stored'; id: string } | { kind: 'dropped' };

/** Stores messages within the rate limit; concurrent submissions share a statement (group commit). */
export type MessageStore = Batcher<MessageToStore, StoreOutcome>;

export function createMessageStore(db: Kysely<Database>, opts: BatcherOptions = STORE_BATCH): MessageStore {
  return createBatcher((items) => storeMessagesWithinLimit(db, CONTACT_RATE_LIMIT, items), opts);
}

/**
 * Counts the sender against the rate limit and stores the message, in one statement shared with the
 * submissions that arrive meanwhile. Staff are e-mailed by the worker, which drains stored messages it
 * has not notified about yet (the outbox), so the message and its notification can never part. A
 * filled honeypot counts against the limit and is then dropped silently.
 */
export async function submitMessage(opts: {
  store: MessageStore;
  log: Logger;
  input: ContactMessageInput;
  remoteAddress: string;
  userAgent?: string;
}): Promise<SubmitOutcome> {
  const { store, log, input } = opts;
  const honeypot = !!input[CONTACT_HONEYPOT];
  const outcome = await store.submit({
    message: {
      name: input.name,
      email: input.email,
      company: input.company,
      message: input.message,
      remoteAddress: opts.remoteAddress,
      userAgent: opts.userAgent,
    },
    keep: !honeypot,
  });
  if (outcome.limited) throw rateLimitedError(outcome.retryAfter);
  if (!outcome.id) {
    log.info({ remoteAddress: opts.remoteAddress }, 'contact honeypot filled; dropped');
    return { kind: 'dropped' };
  }
  log.info({ messageId: outcome.id }, 'contact message stored');
  return { kind: 'stored', id: outcome.id };
}
