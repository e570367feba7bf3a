/**
 * "2026-12-31" or an ISO timestamp → "31 Dec 2026" (date-only values are not shifted by the time zone).
 * The one date format of the app: invoices, tasks, projects and the activity log all use it.
 */
export function formatDate(value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(dateOnly ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

/**
 * A moment → "6 Dec 2026, 03:36", in the viewer's time zone (or `timeZone`). The one date-and-time
 * format of the app: payments, refunds and the activity log all use it.
 */
export function formatDateTime(value: string, timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}
