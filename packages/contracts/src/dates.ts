/**
 * Dates without a time (`YYYY-MM-DD`): the one check every date field of every function uses, and
 * the browser too. Impossible dates (2027-13-01, 2027-02-30) and years outside a plausible range
 * are refused by name instead of reaching `Date` (which throws on some) or PostgreSQL (which has
 * no year 0).
 */

/** The years a date field takes: an agency's projects and invoices, not history or science fiction. */
export const DATE_YEARS = { min: 2000, max: 2100 } as const;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Why `value` is not a plausible date-only value, for a field called `label`; undefined when it is. */
export function dateOnlyProblem(value: string, label: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return `${label} must be a date like 2026-12-31`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  if (days === undefined || day < 1 || day > days) return `${label} is not a real date (${value})`;
  if (year < DATE_YEARS.min || year > DATE_YEARS.max)
    return `${label} must be in the years ${DATE_YEARS.min} to ${DATE_YEARS.max}`;
  return undefined;
}

/** Today's date where the reader (or the server) is, as `YYYY-MM-DD`. */
export const localToday = (now = new Date()): string =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
