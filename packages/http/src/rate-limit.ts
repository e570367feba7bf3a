import type { Database } from '@coppertone/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { AppError } from './errors.ts';

export interface RateLimitRule {
  /** Counter name, e.g. `contact:ip`. */
  scope: string;
  limit: number;
  windowSeconds: number;
}

/** The counter's key of one subject under `rule` (a row of `rate_limits`). */
export const rateLimitKey = (rule: RateLimitRule, subject: string): string => `${rule.scope}:${subject}`;

/**
 * The upsert that counts one hit against `scope:subject` in a fixed window, returning `hits` (after this
 * one) and `retry_after` (whole seconds until the window ends, at least 1, by the database's clock).
 * Usable alone or as a CTE, so a caller can count the hit and act on it in one statement.
 */
export function rateLimitHit(rule: RateLimitRule, subject: string): RawBuilder<RateLimitHit> {
  return rateLimitHits(rule, sql`values (${rateLimitKey(rule, subject)}, now(), 1)`);
}

/**
 * The same upsert for many counters at once: `rows` gives `(key, now(), hits to add)`, each key once
 * (a `values` list, or a `select … group by key`); it returns `key` too.
 */
export function rateLimitHits(
  rule: RateLimitRule,
  rows: RawBuilder<unknown>,
): RawBuilder<RateLimitHit & { key: string }> {
  const window = `${rule.windowSeconds} seconds`;
  return sql<RateLimitHit & { key: string }>`
    insert into rate_limits (key, window_start, hits) ${rows}
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= now() - ${window}::interval then excluded.hits else rate_limits.hits + excluded.hits end,
      window_start = case when rate_limits.window_start <= now() - ${window}::interval then now() else rate_limits.window_start end
    returning key, hits, window_start,
      greatest(1, ceil(extract(epoch from window_start + ${window}::interval - now())))::int as retry_after`;
}

export interface RateLimitHit {
  hits: number;
  window_start: Date;
  retry_after: number;
}

/** The 429 a request over its limit gets, with the seconds to wait in `Retry-After`. */
export function rateLimitedError(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', `Too many requests; try again in ${retryAfterSeconds} s.`, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/**
 * Counts one hit against `scope:subject` in a fixed window stored in PostgreSQL (one upsert, atomic,
 * shared by every instance) and throws 429 with Retry-After once the limit is passed.
 */
export async function enforceRateLimit(db: Kysely<Database>, rule: RateLimitRule, subject: string): Promise<void> {
  const row = await rateLimitHit(rule, subject).execute(db);
  const { hits, window_start } = row.rows[0] ?? { hits: 0, window_start: new Date() };
  if (hits > rule.limit) {
    const retryAfter = Math.max(1, Math.ceil((window_start.getTime() + rule.windowSeconds * 1000 - Date.now()) / 1000));
    throw rateLimitedError(retryAfter);
  }
}

/** Forgets the hits of one subject (a successful sign-in clears that account's failures). */
export async function clearRateLimit(db: Kysely<Database>, rule: RateLimitRule, subject: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', rateLimitKey(rule, subject)).execute();
}

/** Takes back one hit of a subject (a successful sign-in does not count towards its account's ceiling). */
export async function forgiveRateLimitHit(db: Kysely<Database>, rule: RateLimitRule, subject: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ hits: sql<number>`greatest(${eb.ref('hits')} - 1, 0)` }))
    .where('key', '=', rateLimitKey(rule, subject))
    .execute();
}
