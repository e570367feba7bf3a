/**
 * Money rules. Amounts are integers in minor units (cents) and never pass through floating point:
 * quantities are kept in thousandths, the tax rate in basis points, and every product is rounded
 * once, half away from zero, in BigInt arithmetic.
 */

const SUPPORTED = new Set(Intl.supportedValuesOf('currency'));

export const isCurrency = (code: string): boolean => SUPPORTED.has(code);

/** Digits after the decimal point for a currency (USD 2, JPY 0, …), from the platform's ICU data. */
export function currencyExponent(code: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** a / b rounded half away from zero, for b > 0. */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** 1.5 → 1500 thousandths; refuses more than three decimals rather than rounding a quantity. */
export function toMilli(quantity: number): bigint {
  const milli = Math.round(quantity * 1000);
  if (Math.abs(milli - quantity * 1000) > 1e-6) throw new RangeError('quantity has more than three decimals');
  return BigInt(milli);
}

/** 20 → 2000 basis points; 7.25 → 725. */
export function toBasisPoints(percent: number): number {
  const bp = Math.round(percent * 100);
  if (Math.abs(bp - percent * 100) > 1e-6) throw new RangeError('tax rate has more than two decimals');
  return bp;
}

export interface LineInput {
  description: string;
  quantity: number;
  unitPrice: number;
}

export interface Totals {
  lines: Array<LineInput & { quantityMilli: bigint; amount: bigint }>;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
}

export function computeTotals(lines: LineInput[], taxRateBp: number): Totals {
  const priced = lines.map((l) => {
    const quantityMilli = toMilli(l.quantity);
    return { ...l, quantityMilli, amount: divRound(quantityMilli * BigInt(l.unitPrice), 1000n) };
  });
  const subtotal = priced.reduce((s, l) => s + l.amount, 0n);
  const tax = divRound(subtotal * BigInt(taxRateBp), 10_000n);
  return { lines: priced, subtotal, tax, total: subtotal + tax };
}

/** Invoice numbers: year and a four-digit sequence, `2026-0001`. */
export const formatInvoiceNumber = (year: number, n: number): string => `${year}-${String(n).padStart(4, '0')}`;

/** "25.00" for the provider APIs that take decimal strings (BTCPay), from minor units. */
export function toDecimalString(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  if (exp === 0) return minor.toString();
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** "25.005" → minor units, rounded half away from zero (BTCPay reports paid amounts as decimal strings). */
export function fromDecimalString(value: string, currency: string): bigint {
  const exp = currencyExponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new RangeError(`not a decimal amount: ${value}`);
  const [, sign, whole = '0', frac = ''] = m;
  const digits = BigInt(whole + frac.padEnd(exp, '0'));
  const scaled = frac.length > exp ? divRound(BigInt(whole + frac), 10n ** BigInt(frac.length - exp)) : digits;
  return sign ? -scaled : scaled;
}
