// Errors that say a backing service (the database, above all) could not be reached or is
// restarting, so the same request may well succeed a moment later. The functions answer them 503
// with Retry-After (`unavailable`) instead of 500: the caller, a browser's retry or the edge can
// tell "try again" from "this is broken". Seen in the deploy rehearsal while PostgreSQL restarted
// on a new image: each API read failed with one of these and was answered 500.

/** Socket failures on the way to a service (Node's errno codes). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * PostgreSQL's SQLSTATEs for "not now": the server shutting down or starting up (57P01–57P03) and
 * too many connections (53300). Class 08 (connection exception) is matched as a class.
 */
const PG_NOT_NOW = new Set(['57P01', '57P02', '57P03', '53300']);
/** What node-postgres and its pool say when a connection dies or cannot be had in time. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
];

/** Whether `err`, or an error it wraps (`cause`, an AggregateError's errors), means "try again". */
export function isUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_NOT_NOW.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
    return true;
  if (PG_CONNECTION_MESSAGES.some((m) => m.test(err.message))) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isUnavailable(e, depth + 1))) return true;
  return isUnavailable(err.cause, depth + 1);
}
