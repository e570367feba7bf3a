import type { Provider } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import type { Logger } from '@coppertone/observability';
import type { BillingDeps } from '../context.ts';
import { applySettlement } from '../payments/settle.ts';
import { SignatureError } from '../providers/provider.ts';

export type Outcome = 'applied' | 'duplicate' | 'unmatched' | 'ignored';

async function recordFailure(deps: BillingDeps, provider: Provider, reason: string) {
  await deps.db
    .insertInto('webhook_failures')
    .values({ provider, reason: reason.slice(0, 300) })
    .execute();
}

/**
 * One webhook delivery: verify the signature over the raw bytes (400 and counted when it fails),
 * skip events already stored, ask the provider for the checkout's current state, then store the event and its effect in one
 * transaction. A second delivery of the same event finds it stored and changes nothing. Anything
 * we could not record answers 5xx so the provider delivers again.
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
    await recordFailure(deps, providerName, `signature: ${err.message}`);
    throw new AppError('validation_failed', 'Webhook signature does not verify.');
  }

  // A redelivery of a stored event: answered without asking the provider. Deliveries racing each
  // other all pass here; the unique key on the insert below lets one of them through.
  const seen = await deps.db
    .selectFrom('provider_events')
    .select('id')
    .where('provider', '=', providerName)
    .where('event_id', '=', event.eventId)
    .executeTakeFirst();
  if (seen) return 'duplicate';

  const attempt = event.ref
    ? await deps.db
        .selectFrom('payment_attempts')
        .select(['id'])
        .where('provider', '=', providerName)
        .where('provider_ref', '=', event.ref)
        .executeTakeFirst()
    : undefined;
  let state: Awaited<ReturnType<typeof provider.fetchState>> | undefined;
  if (attempt && event.ref) {
    try {
      state = await provider.fetchState(event.ref);
    } catch (err) {
      await recordFailure(deps, providerName, `provider unreachable: ${(err as Error).message}`);
      throw new AppError('unavailable', 'Could not confirm the payment with the provider; deliver again.');
    }
  }

  return deps.db.transaction().execute(async (trx) => {
    const outcome: Outcome = !event.ref ? 'ignored' : attempt ? 'applied' : 'unmatched';
    const stored = await trx
      .insertInto('provider_events')
      .values({
        provider: providerName,
        event_id: event.eventId,
        type: event.type,
        payload: rawBody,
        outcome,
        attempt_id: attempt?.id ?? null,
      })
      .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!stored) return 'duplicate';
    if (deps.crashAfterEventStored) {
      log.warn('fault injection: exiting after storing the event, before its effect');
      process.exit(70);
    }
    if (attempt && state) {
      const status = await applySettlement(trx, attempt.id, state, { source: 'webhook', failed: event.failed });
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
}
