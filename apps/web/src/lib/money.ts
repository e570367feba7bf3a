/**
 * Money in the browser: amounts are integers in minor units (cents) with an ISO currency, as the
 * billing API sends them. Parsing typed amounts, the totals and the limits are the billing
 * function's own rules, from @coppertone/contracts; this file only shows amounts.
 */
import { fractionDigits, toDecimalString } from '@coppertone/contracts';

export { fractionDigits } from '@coppertone/contracts';

/**
 * Minor units → "$1,234.50" (or "US$" etc. by locale). Formats the exact decimal string (Intl
 * NumberFormat v3), so no digit is lost and a huge preview never reads "$NaN".
 */
export function formatMoney(minor: number | bigint, currency: string, locale = 'en-US'): string {
  const digits = fractionDigits(currency);
  const exact = typeof minor === 'bigint' ? minor : Number.isSafeInteger(minor) ? BigInt(minor) : undefined;
  if (exact === undefined) return '—';
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(toDecimalString(exact, currency) as unknown as number);
}

/** Minor units → the plain decimal text for an input ("1234.50"). */
export const toDecimalInput = (minor: number, currency: string): string => toDecimalString(minor, currency);

/** "7.25" or "7,25" % → 725 basis points; undefined if not 0–100 with at most two decimals. */
export function parseTaxBasisPoints(input: string): number | undefined {
  const match = /^(\d*)(?:[.,](\d{0,2}))?$/.exec(input.trim());
  if (!match || input.trim() === '' || /^[.,]$/.test(input.trim())) return undefined;
  const [, whole = '', fraction = ''] = match;
  const bp = Number((whole || '0') + fraction.padEnd(2, '0'));
  return bp <= 10_000 ? bp : undefined;
}
