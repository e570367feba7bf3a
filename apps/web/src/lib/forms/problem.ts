/** Turns a failed API call into what a form shows: a form-level message and messages beside fields. */
import { ApiError } from '#lib/api/client.ts';

/**
 * The form-level message; for a failure on our side (5xx), with the server's request id to quote
 * when asking for help. A person who typed a wrong password or a bad date needs no reference.
 */
export interface Alert {
  message: string;
  reference?: string;
}

export interface Problem<F extends string = string> {
  alert: Alert | null;
  fields: Partial<Record<F, string>>;
}

export const NETWORK_MESSAGE = 'We could not reach Coppertone. Please check your connection and try again in a moment.';
export const SERVER_MESSAGE = 'Sorry, something went wrong on our side. Please try again in a moment.';

/** "in 45 seconds", "in 3 minutes", "in about 2 hours". */
export function retryIn(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'in a few minutes';
  if (seconds <= 1) return 'now';
  if (seconds < 60) return `in ${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'in a minute' : `in ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'in about an hour' : `in about ${hours} hours`;
}

/** A sentence with a capital letter and a full stop, whatever the server sent. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * What to show for `error` on a form with the given fields. `special` may answer first for the
 * cases a page knows better (a wrong password on the sign-in page, say); returning undefined
 * falls through to the general rules.
 */
export function problemFrom<F extends string>(
  error: unknown,
  fieldNames: readonly F[],
  special?: (error: ApiError) => Problem<F> | string | undefined,
): Problem<F> {
  if (!(error instanceof ApiError)) return { alert: { message: SERVER_MESSAGE }, fields: {} };
  const reference = error.status >= 500 ? error.requestId : undefined;

  const own = special?.(error);
  if (typeof own === 'string') return { alert: { message: own, reference }, fields: {} };
  if (own) return own;

  if (error.code === 'network') return { alert: { message: NETWORK_MESSAGE }, fields: {} };
  if (error.code === 'rate_limited' || error.status === 429) {
    return {
      alert: { message: `Too many attempts. Please try again ${retryIn(error.retryAfterSeconds)}.`, reference },
      fields: {},
    };
  }
  if (error.status >= 500) return { alert: { message: SERVER_MESSAGE, reference }, fields: {} };

  const fields: Partial<Record<F, string>> = {};
  const elsewhere: string[] = [];
  for (const [name, text] of Object.entries(error.fields)) {
    if ((fieldNames as readonly string[]).includes(name)) fields[name as F] = sentence(text);
    else elsewhere.push(sentence(text));
  }
  const count = Object.keys(fields).length;
  if (count > 0) {
    const lead = count === 1 ? 'Please correct the highlighted field.' : 'Please correct the highlighted fields.';
    return { alert: { message: [lead, ...elsewhere].join(' '), reference }, fields };
  }
  if (error.code === 'unauthenticated') {
    return { alert: { message: 'You are not signed in any more. Please sign in again.', reference }, fields };
  }
  if (error.code === 'forbidden') {
    return { alert: { message: sentence(error.message) || 'You may not do that.', reference }, fields };
  }
  return { alert: { message: sentence(error.message), reference }, fields };
}
