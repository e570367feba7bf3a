/**
 * Money rules shared by the browser (the invoice form's preview and checks) and the billing
 * function (the API's checks and the stored totals), so the two cannot disagree.
 *
 * Amounts are integers in minor units (cents); quantities are kept in thousandths and tax rates
 * in basis points; every product is rounded once, half away from zero, in BigInt arithmetic.
 */

/** Digits after the decimal point for a currency (USD 2, JPY 0, KWD 3), from the platform's ICU data. */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Limits of an invoice. The largest amount keeps every figure exact as a JSON number
 * (< 2^53) and far inside the bigint columns, after any tax rate up to 100 %.
 */
export const INVOICE_LIMITS = {
  /** Quantity: 0.001 to 1,000,000, in thousandths. */
  minQuantityMilli: 1,
  maxQuantityMilli: 1_000_000_000,
  quantityDecimals: 3,
  /** Unit price, in minor units (1,000,000,000.00 in a two-decimal currency). */
  maxUnitPrice: 100_000_000_000,
  /** A line, the subtotal and the total, in minor units (999,999,999,999.99 in a two-decimal currency). */
  maxAmount: 99_999_999_999_999,
  maxLines: 200,
  /** The invoice's notes, in characters. */
  maxNotes: 2000,
} as const;

/** a / b rounded half away from zero, for b > 0. */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** Minor units → the plain decimal text for the currency: 2500n USD → "25.00", JPY → "2500". */
export function toDecimalString(minor: bigint | number, currency: string): string {
  const exp = fractionDigits(currency);
  const value = BigInt(minor);
  const neg = value < 0n;
  const s = (neg ? -value : value).toString().padStart(exp + 1, '0');
  if (exp === 0) return `${neg ? '-' : ''}${s}`;
  return `${neg ? '-' : ''}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** An amount written the way the currency is: "120" for JPY, "120.00" for USD, "120.000" for KWD. */
export const exampleAmount = (currency: string): string =>
  toDecimalString(120n * 10n ** BigInt(fractionDigits(currency)), currency);

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** Spaces (also no-break and thin ones) and apostrophes group thousands; so may `.` and `,`. */
const GROUP = /[.,\s\u00a0\u202f\u2009'’]/g;

export type DecimalText =
  | { ok: true; whole: string; fraction: string }
  | { ok: false; reason: 'empty' | 'negative' | 'characters' | 'format' }
  | { ok: false; reason: 'ambiguous'; text: string; asWhole: string; asDecimal: string };

/**
 * Decimal text as people type it → digits before and after the decimal separator. Either `.` or
 * `,` may be the decimal separator: `12.50`, `12,50`, `1,250.00`, `1.250,00`, `1 250,50`, `1250`.
 * One separator followed by exactly three digits (`1,250`, `1.250`) could be either, so it is
 * refused as ambiguous unless `decimalsAllowed` is 0 (then it can only group thousands).
 * Grouping must be in threes. Never guesses a scale: what it cannot read for certain, it refuses.
 */
export function parseDecimal(input: string, decimalsAllowed: number): DecimalText {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (/^[-−]/.test(text)) return { ok: false, reason: 'negative' };
  if (!/^[0-9.,\s\u00a0\u202f\u2009'’]+$/.test(text)) return { ok: false, reason: 'characters' };
  const dots = [...text].filter((c) => c === '.').length;
  const commas = [...text].filter((c) => c === ',').length;
  let decimal: string | undefined;
  if (dots > 0 && commas > 0) {
    // Both: the last one written separates the decimals (1,250.00 / 1.250,00).
    decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
  } else if (dots + commas === 1) {
    const mark = dots ? '.' : ',';
    const [before = '', after = ''] = text.split(mark);
    const couldGroup = /^[1-9]\d{0,2}$/.test(before) && /^\d{3}$/.test(after);
    if (couldGroup && decimalsAllowed > 0)
      return {
        ok: false,
        reason: 'ambiguous',
        text,
        asWhole: before + after,
        asDecimal: `${before}.${after}`.replace(/\.?0+$/, ''),
      };
    decimal = couldGroup ? undefined : mark;
  }
  const parts = decimal ? text.split(decimal) : [text];
  if (parts.length > 2) return { ok: false, reason: 'format' };
  const [wholePart = '', fraction = ''] = parts;
  if (!/^\d*$/.test(fraction)) return { ok: false, reason: 'format' };
  // Whatever separates the whole part's digits groups thousands: one kind of mark, in threes.
  const groups = wholePart.split(GROUP);
  const marks = new Set(wholePart.replace(/\d/g, '').replace(/[\s\u00a0\u202f\u2009]/g, ' '));
  if (marks.size > 1) return { ok: false, reason: 'format' };
  if (groups.length > 1 && !(/^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((g) => /^\d{3}$/.test(g))))
    return { ok: false, reason: 'format' };
  const whole = groups.join('');
  if (whole === '' && fraction === '') return { ok: false, reason: 'format' };
  return { ok: true, whole: whole || '0', fraction };
}

/** The message for text that is not a readable amount, with an example in the form expected. */
function decimalMessage(parsed: Exclude<DecimalText, { ok: true }>, label: string, example: string, decimals: number) {
  switch (parsed.reason) {
    case 'empty':
      return `${label} is required: write it like ${example}`;
    case 'negative':
      return `${label} cannot be negative`;
    case 'ambiguous': {
      // The decimal reading is offered only where the currency has that many decimals.
      const fits = (parsed.asDecimal.split('.')[1] ?? '').length <= decimals;
      return `“${parsed.text}” is ambiguous: write ${parsed.asWhole}${fits ? ` or ${parsed.asDecimal}` : ''}`;
    }
    default:
      return `${label} must be written like ${example}`;
  }
}

/** Typed money → minor units of the currency, or a message saying how to write it. */
export function parseMoney(input: string, currency: string, label = 'Amount'): Parsed<bigint> {
  const digits = fractionDigits(currency);
  const example = exampleAmount(currency);
  const parsed = parseDecimal(input, digits);
  if (!parsed.ok) return fail(decimalMessage(parsed, label, example, digits));
  const fraction = parsed.fraction.replace(/0+$/, '');
  if (fraction.length > digits)
    return fail(
      digits === 0
        ? `${currency} has no decimals: write an amount like ${example}`
        : `${currency} takes at most ${digits} decimals: write an amount like ${example}`,
    );
  return { ok: true, value: BigInt(parsed.whole + fraction.padEnd(digits, '0')) };
}

/** Typed quantity → thousandths (`1,5` and `1.5` → 1500), within the invoice's limits. */
export function parseQuantity(input: string): Parsed<bigint> {
  const parsed = parseDecimal(input, INVOICE_LIMITS.quantityDecimals);
  if (!parsed.ok) return fail(decimalMessage(parsed, 'Quantity', '1 or 1.5', INVOICE_LIMITS.quantityDecimals));
  const fraction = parsed.fraction.replace(/0+$/, '');
  if (fraction.length > INVOICE_LIMITS.quantityDecimals) return fail(quantityMessages.decimals);
  const milli = BigInt(parsed.whole + fraction.padEnd(INVOICE_LIMITS.quantityDecimals, '0'));
  const problem = quantityProblem(milli);
  return problem ? fail(problem) : { ok: true, value: milli };
}

const quantityMessages = {
  decimals: 'Quantity takes at most three decimals',
  small: 'Quantity must be at least 0.001',
  large: 'Quantity must be at most 1,000,000',
};

/** What is wrong with a quantity in thousandths, if anything. */
export function quantityProblem(milli: bigint): string | undefined {
  if (milli < BigInt(INVOICE_LIMITS.minQuantityMilli)) return quantityMessages.small;
  if (milli > BigInt(INVOICE_LIMITS.maxQuantityMilli)) return quantityMessages.large;
  return undefined;
}

/**
 * A quantity as the API takes it (a JSON number, at most three decimals) → thousandths, or a
 * message. Tiny numbers like 1e-10 are refused, never rounded to zero.
 */
export function quantityToMilli(quantity: number): Parsed<bigint> {
  if (!Number.isFinite(quantity)) return fail('Quantity must be a number');
  const scaled = quantity * 1000;
  const milli = Math.round(scaled);
  if (Math.abs(milli - scaled) > 1e-6 * Math.max(1, Math.abs(scaled))) return fail(quantityMessages.decimals);
  if (quantity > 0 && milli === 0) return fail(quantityMessages.small);
  const value = BigInt(milli);
  const problem = quantityProblem(value);
  return problem ? fail(problem) : { ok: true, value };
}

/** A limit in messages: "1,000,000,000.00 USD" (grouped, so the digits can be counted). */
function limitText(minor: number, currency: string): string {
  const [whole = '', fraction] = toDecimalString(minor, currency).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${fraction === undefined ? grouped : `${grouped}.${fraction}`} ${currency}`;
}

export function unitPriceProblem(minor: bigint, currency: string): string | undefined {
  if (minor < 0n) return 'Unit price cannot be negative';
  if (minor > BigInt(INVOICE_LIMITS.maxUnitPrice))
    return `Unit price must be at most ${limitText(INVOICE_LIMITS.maxUnitPrice, currency)}`;
  return undefined;
}

export interface TotalsInput {
  quantityMilli: bigint;
  unitPrice: bigint;
}

export interface InvoiceTotals {
  lines: bigint[];
  subtotal: bigint;
  tax: bigint;
  total: bigint;
}

/** Each line rounded once, then tax on the subtotal (the billing function stores exactly these). */
export function invoiceTotals(lines: TotalsInput[], taxBasisPoints: number): InvoiceTotals {
  const amounts = lines.map((l) => divRound(l.quantityMilli * l.unitPrice, 1000n));
  const subtotal = amounts.reduce((s, a) => s + a, 0n);
  const tax = divRound(subtotal * BigInt(taxBasisPoints), 10_000n);
  return { lines: amounts, subtotal, tax, total: subtotal + tax };
}

/**
 * Amounts over the limit, keyed like the API's `error.fields`: a line's amount on its
 * `lines.N.unitPrice`, the subtotal or total on `lines`; a total of zero on `lines` too.
 */
export function totalsProblems(totals: InvoiceTotals, currency: string): Record<string, string> {
  const max = BigInt(INVOICE_LIMITS.maxAmount);
  const maxText = limitText(INVOICE_LIMITS.maxAmount, currency);
  const problems: Record<string, string> = {};
  totals.lines.forEach((amount, i) => {
    if (amount > max) problems[`lines.${i}.unitPrice`] = `Quantity × unit price must be at most ${maxText}`;
  });
  if (Object.keys(problems).length > 0) return problems;
  if (totals.subtotal > max || totals.total > max) problems.lines = `The invoice total must be at most ${maxText}`;
  else if (totals.total <= 0n) problems.lines = 'The total must be more than 0';
  return problems;
}
