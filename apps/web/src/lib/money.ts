/**
 * Money in the browser: amounts are integers in minor units (cents) with an ISO currency, as the
 * billing API sends them. Shown with `Intl.NumberFormat`; typed amounts are parsed from their
 * decimal text straight into minor units, never through floating-point arithmetic.
 */

/** Digits after the decimal point for a currency (USD 2, JPY 0, BHD 3). */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units → "$1,234.50" (or "US$" etc. by locale). Uses BigInt-safe string scaling, not division. */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const digits = fractionDigits(currency);
  const negative = minor < 0;
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const decimal = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // A decimal string keeps its exact digits in format() (Intl.NumberFormat v3).
  return format.format(`${negative ? '-' : ''}${decimal}` as unknown as number);
}

/**
 * "12.5" / "1,234.56" / "12" → minor units for the currency; undefined when the text is not an
 * amount (letters, a minus sign, more decimals than the currency has).
 */
export function parseMoney(input: string, currency: string): number | undefined {
  const digits = fractionDigits(currency);
  const text = input.trim().replace(/[,\s_]/g, '');
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || text === '' || text === '.') return undefined;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  const minor = BigInt((whole || '0') + fraction.padEnd(digits, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(minor);
}

/** Minor units → the plain decimal text for an input ("1234.50"). */
export function toDecimalInput(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** "1.5" → 1500 thousandths; undefined if not a positive quantity with at most three decimals. */
export function parseQuantityMilli(input: string): number | undefined {
  const match = /^(\d*)(?:\.(\d{0,3}))?$/.exec(input.trim());
  if (!match || input.trim() === '' || input.trim() === '.') return undefined;
  const [, whole = '', fraction = ''] = match;
  const milli = Number((whole || '0') + fraction.padEnd(3, '0'));
  return Number.isSafeInteger(milli) ? milli : undefined;
}

/** a / b rounded half away from zero, for b > 0 (the server's rule). */
function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** "7.25" % → 725 basis points; undefined if not 0–100 with at most two decimals. */
export function parseTaxBasisPoints(input: string): number | undefined {
  const match = /^(\d*)(?:\.(\d{0,2}))?$/.exec(input.trim());
  if (!match || input.trim() === '' || input.trim() === '.') return undefined;
  const [, whole = '', fraction = ''] = match;
  const bp = Number((whole || '0') + fraction.padEnd(2, '0'));
  return bp <= 10_000 ? bp : undefined;
}

export interface Totals {
  lines: number[];
  subtotal: number;
  tax: number;
  total: number;
}

/** The same totals the billing function computes: each line rounded once, then tax on the subtotal. */
export function invoiceTotals(
  lines: Array<{ quantityMilli: number; unitPrice: number }>,
  taxBasisPoints: number,
): Totals {
  const amounts = lines.map((l) => divRound(BigInt(l.quantityMilli) * BigInt(l.unitPrice), 1000n));
  const subtotal = amounts.reduce((s, a) => s + a, 0n);
  const tax = divRound(subtotal * BigInt(taxBasisPoints), 10_000n);
  return { lines: amounts.map(Number), subtotal: Number(subtotal), tax: Number(tax), total: Number(subtotal + tax) };
}
