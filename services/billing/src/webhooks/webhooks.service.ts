import type { Provider } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import type { Logger } from '@coppertone/observability';
import type { BillingDeps } from '../context.ts';
import { afterSettlement } from '../payments/checkout.ts';
import { applySettlement } from '../payments/settle.ts';
import { type ProviderState, SignatureError } from '../providers/provider.ts';
import { findAttemptByRef, findProviderEvent, recordFailure, storeProviderEvent } from './webhooks.repo.ts';

export type Outcome = 'applied' | 'duplicate' | 'unmatched' | 'ignored';

/**
 * Deliveries of one event being processed in this process, by provider and event id: a copy that
 * arrives meanwhile waits for the first instead of asking the provider again (providers send
 * bursts of copies; each asking the provider made some fail and be retried).
 */
const inFlight = new WeakMap<BillingDeps['db'], Map<string, Promise<Outcome>>>();

/**
 * One webhook delivery: verify the signature over the raw bytes (400 and counted when it fails),
 * skip events already stored or being stored, ask the provider for the checkout's current state,
 * then store the event and its effect in one transaction. A second delivery of the same event finds
 * it stored and changes nothing. Anything we could not record answers 5xx so the provider delivers again.
 */
export async function ingestWebhook(
  deps: BillingDeps,
  log: Logger,
  providerName: Provider,
  rawBody: string,
  headers: Headers,
): Promise<Outcome> {
  const provider = deps.providers[providerName];
  if (!provider) throw new AppError('not_found', `${providerName} is not set up.`);
  let event: ReturnType<typeof provider.verifyWebhook>;
  try {
    event = provider.verifyWebhook(rawBody, headers);
  } catch (err) {
    if (!(err instanceof SignatureError)) throw err;
    await recordFailure(deps.db, providerName, 'signature', `signature: ${err.message}`);
    throw new AppError('validation_failed', 'Webhook signature does not verify.');
  }

  const running = inFlight.get(deps.db) ?? new Map<string, Promise<Outcome>>();
  inFlight.set(deps.db, running);
  const key = `${providerName}\u0000${event.eventId}`;
  const first = running.get(key);
  if (first) {
    // Same answer as the first copy: recorded (200) or not (its error, so the provider retries).
    await first;
    return 'duplicate';
  }
  const work = ingestVerified(deps, log, providerName, rawBody, event);
  running.set(key, work);
  try {
    return await work;
  } finally {
    running.delete(key);
  }
}

async function ingestVerified(
  deps: BillingDeps,
  log: Logger,
  providerName: Provider,
  rawBody: string,
  event: { eventId: string; type: string; ref?: string; failed?: boolean },
): Promise<Outcome> {
  const provider = deps.providers[providerName];
  if (!provider) throw new AppError('not_found', `${providerName} is not set up.`);
  // A redelivery of a stored event: answered without asking the provider. Copies racing in other
  // processes may all pass here; the unique key on the insert below lets one of them through.
  const seen = await findProviderEvent(deps.db, providerName, event.eventId);
  if (seen) return 'duplicate';

  const attempt = event.ref ? await findAttemptByRef(deps.db, providerName, event.ref) : undefined;
  let state: ProviderState | undefined;
  if (attempt && event.ref) {
    try {
      state = await provider.fetchState(event.ref);
    } catch (err) {
      await recordFailure(deps.db, providerName, 'provider', `provider unreachable: ${(err as Error).message}`);
      throw new AppError('unavailable', 'Could not confirm the payment with the provider; deliver again.');
    }
  }

  const outcome = await deps.db.transaction().execute(async (trx) => {
    const outcome: Outcome = !event.ref ? 'ignored' : attempt ? 'applied' : 'unmatched';
    const stored = await storeProviderEvent(trx, {
      provider: providerName,
      event_id: event.eventId,
      type: event.type,
      payload: rawBody,
      outcome,
      attempt_id: attempt?.id ?? null,
    });
    if (!stored) return 'duplicate';
    if (deps.crashAfterEventStored) {
      log.warn('fault injection: exiting after storing the event, before its effect');
      process.exit(70);
    }
    if (attempt && state) {
      const status = await applySettlement(deps, trx, attempt.id, state, { source: 'webhook', failed: event.failed });
      log.info(
        { provider: providerName, eventId: event.eventId, type: event.type, attemptId: attempt.id, status },
        'webhook applied',
      );
    } else {
      log.warn(
        { provider: providerName, eventId: event.eventId, type: event.type, ref: event.ref },
        `webhook ${outcome}`,
      );
    }
    return outcome;
  });
  // Recorded: a paid invoice's other checkouts are ended now (failures there are the reconciler's).
  if (outcome === 'applied' && attempt) await afterSettlement(deps, attempt.invoice_id, log).catch(() => undefined);
  return outcome;
}
