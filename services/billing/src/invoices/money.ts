/**
 * Money rules. Amounts are integers in minor units (cents) and never pass through floating point:
 * quantities are kept in thousandths, the tax rate in basis points, and every product is rounded
 * once, half away from zero, in BigInt arithmetic.
 */

import { divRound, fractionDigits, invoiceTotals, quantityToMilli } from '@coppertone/contracts';

// The rounding, minor units and limits are the browser's too (packages/contracts), so the form's
// preview and the stored totals cannot disagree.
export { divRound, toDecimalString } from '@coppertone/contracts';

const SUPPORTED = new Set(Intl.supportedValuesOf('currency'));

export const isCurrency = (code: string): boolean => SUPPORTED.has(code);

/** Digits after the decimal point for a currency (USD 2, JPY 0, …), from the platform's ICU data. */
export const currencyExponent = (code: string): number => fractionDigits(code);

/** 1.5 → 1500 thousandths; refuses more than three decimals, or a quantity that would round to 0. */
export function toMilli(quantity: number): bigint {
  const milli = quantityToMilli(quantity);
  if (!milli.ok) throw new RangeError(milli.message);
  return milli.value;
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
  const quantities = lines.map((l) => toMilli(l.quantity));
  const t = invoiceTotals(
    lines.map((l, i) => ({ quantityMilli: quantities[i] as bigint, unitPrice: BigInt(l.unitPrice) })),
    taxRateBp,
  );
  return {
    lines: lines.map((l, i) => ({ ...l, quantityMilli: quantities[i] as bigint, amount: t.lines[i] as bigint })),
    subtotal: t.subtotal,
    tax: t.tax,
    total: t.total,
  };
}

/** Invoice numbers: year and a four-digit sequence, `2026-0001`. */
export const formatInvoiceNumber = (year: number, n: number): string => `${year}-${String(n).padStart(4, '0')}`;

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
