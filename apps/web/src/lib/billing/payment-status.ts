/**
 * After a checkout the payer comes back to the invoice page; what it says comes only from our
 * records (`payment-status`), polled until the attempt reaches a final state — never an
 * optimistic "paid".
 */
import type { AttemptStatus, PaymentStatus } from '#lib/api/billing.ts';

export const FINAL_ATTEMPT: readonly AttemptStatus[] = ['paid', 'partial', 'overpaid', 'failed', 'expired', 'mismatch'];

/** Final once the invoice is paid or void, or the attempt has ended one way or another. */
export function isFinal(s: PaymentStatus): boolean {
  if (s.status === 'paid' || s.status === 'overpaid' || s.status === 'void') return true;
  return !!s.attempt && FINAL_ATTEMPT.includes(s.attempt.status);
}

export type Tone = 'ok' | 'wait' | 'bad' | 'info';

export interface Outcome {
  tone: Tone;
  title: string;
  detail: string;
}

/** What to tell the payer about a status (`gaveUp`: polling stopped before a final state). */
export function describeStatus(s: PaymentStatus, gaveUp = false): Outcome {
  if (s.status === 'overpaid')
    return {
      tone: 'info',
      title: 'Overpaid — refund due',
      detail: 'We received more than this invoice asks for. Coppertone will refund the difference and e-mail you.',
    };
  if (s.status === 'paid')
    return { tone: 'ok', title: 'Paid', detail: 'We have received your payment in full. Thank you.' };
  const a = s.attempt?.status;
  if (a === 'processing')
    return {
      tone: 'wait',
      title: 'Processing — waiting for the network to confirm',
      detail: gaveUp
        ? 'This can take a while. You can leave this page; the invoice shows as paid once it is confirmed.'
        : 'Your payment was received and is being confirmed. This page updates by itself.',
    };
  if (a === 'partial')
    return { tone: 'info', title: 'Partly paid', detail: 'We received part of the amount. The rest is still due.' };
  if (a === 'overpaid' || (s.status === 'partially_paid' && a === 'paid'))
    return { tone: 'info', title: 'Payment received', detail: 'We recorded your payment; see the amounts below.' };
  if (a === 'failed')
    return { tone: 'bad', title: 'Payment failed', detail: 'Nothing was charged. You can try again below.' };
  if (a === 'expired')
    return {
      tone: 'bad',
      title: 'Payment expired',
      detail: 'The checkout expired before it was paid. You can start again.',
    };
  if (a === 'mismatch')
    return {
      tone: 'bad',
      title: 'We could not match this payment',
      detail: 'The amount or currency paid did not match. Coppertone will look into it and contact you.',
    };
  if (s.status === 'void') return { tone: 'info', title: 'Invoice void', detail: 'This invoice was cancelled.' };
  return {
    tone: gaveUp ? 'info' : 'wait',
    title: 'Not paid yet',
    detail: gaveUp
      ? 'We have no payment for this checkout yet. If you paid, it will show here once the provider tells us.'
      : 'Checking with the payment provider…',
  };
}

export interface PollOptions {
  /** Fetches the current status. */
  read: (signal: AbortSignal) => Promise<PaymentStatus>;
  /** Called with every status read (and once more when polling gives up). */
  onStatus: (status: PaymentStatus, gaveUp: boolean) => void;
  /** Called when a read fails; polling continues. */
  onError?: (error: unknown) => void;
  intervalMs?: number;
  /** Stop after this long without a final state. */
  maxMs?: number;
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Polls until the status is final, the time runs out or the signal aborts. Returns the last status read. */
export async function pollUntilFinal(options: PollOptions): Promise<PaymentStatus | undefined> {
  const { read, onStatus, onError, signal, intervalMs = 1000, maxMs = 120_000 } = options;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  let last: PaymentStatus | undefined;
  while (!signal.aborted) {
    try {
      last = await read(signal);
      if (signal.aborted) break;
      if (isFinal(last)) {
        onStatus(last, false);
        return last;
      }
      onStatus(last, false);
    } catch (error) {
      if (signal.aborted) break;
      onError?.(error);
    }
    if (now() - started >= maxMs) {
      if (last) onStatus(last, true);
      return last;
    }
    await sleep(intervalMs, signal);
  }
  return last;
}
