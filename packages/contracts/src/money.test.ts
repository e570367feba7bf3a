import { describe, expect, it } from 'vitest';
import {
  exampleAmount,
  INVOICE_LIMITS,
  invoiceTotals,
  parseMoney,
  parseQuantity,
  quantityToMilli,
  toDecimalString,
  totalsProblems,
} from './money.ts';

const minor = (input: string, currency = 'USD') => {
  const r = parseMoney(input, currency);
  return r.ok ? r.value : r.message;
};

describe('parseMoney: amounts as people type them', () => {
  it('reads a comma or a point as the decimal separator, never scaling', () => {
    // Regression: "12,50" was read as 1250.00.
    expect(minor('12,50')).toBe(1250n);
    expect(minor('12.50')).toBe(1250n);
    expect(minor('12,5')).toBe(1250n);
    expect(minor('1,250.00')).toBe(125_000n);
    expect(minor('1.250,00')).toBe(125_000n);
    expect(minor('1 250,50')).toBe(125_050n);
    expect(minor('1\u00a0250,50')).toBe(125_050n);
    expect(minor('1,250,000')).toBe(125_000_000n);
    expect(minor('1.250.000,5')).toBe(125_000_050n);
    expect(minor('1250')).toBe(125_000n);
    expect(minor('0,125'.replace('125', '12'))).toBe(12n);
    expect(minor('.5')).toBe(50n);
    expect(minor(' 7. ')).toBe(700n);
    expect(minor('12.500,00')).toBe(1_250_000n);
  });

  it('refuses one separator before exactly three digits, saying how to write it', () => {
    expect(minor('1,250')).toBe('“1,250” is ambiguous: write 1250 or 1.25');
    expect(minor('1.250')).toBe('“1.250” is ambiguous: write 1250 or 1.25');
    expect(minor('1,255')).toBe('“1,255” is ambiguous: write 1255');
    expect(minor('1,255', 'KWD')).toBe('“1,255” is ambiguous: write 1255 or 1.255');
    // A currency without decimals can only mean thousands.
    expect(minor('1,250', 'JPY')).toBe(1250n);
    expect(minor('1.250', 'JPY')).toBe(1250n);
  });

  it('refuses more decimals than the currency has, with an example in its own form', () => {
    expect(minor('1.234')).toMatch(/ambiguous/);
    expect(minor('1.2345')).toBe('USD takes at most 2 decimals: write an amount like 120.00');
    expect(minor('120.5', 'JPY')).toBe('JPY has no decimals: write an amount like 120');
    expect(minor('120,5', 'JPY')).toBe('JPY has no decimals: write an amount like 120');
    expect(minor('120.00', 'JPY')).toBe(120n);
    expect(minor('1.2345', 'KWD')).toMatch(/like 120\.000$/);
    expect(exampleAmount('JPY')).toBe('120');
    expect(exampleAmount('EUR')).toBe('120.00');
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', ' ', '.', 'abc', '1e3', '1.2.3,4', '12 50', '1,25,000', '1,250 000.00', '0x10', '١٢'])
      expect(parseMoney(bad, 'USD').ok, bad).toBe(false);
    expect(minor('-1')).toBe('Amount cannot be negative');
  });
});

describe('quantities', () => {
  it('reads typed quantities in thousandths within the limits', () => {
    const q = (s: string) => {
      const r = parseQuantity(s);
      return r.ok ? r.value : r.message;
    };
    expect(q('1,5')).toBe(1500n);
    expect(q('0.001')).toBe(1n);
    expect(q('1000000')).toBe(1_000_000_000n);
    expect(q('1000001')).toBe('Quantity must be at most 1,000,000');
    expect(q('0')).toBe('Quantity must be at least 0.001');
    expect(q('0.0001')).toBe('Quantity takes at most three decimals');
    expect(q('1,500')).toMatch(/ambiguous: write 1500 or 1.5/);
  });

  it('refuses API quantities that would round to zero or lose decimals', () => {
    // Regression: 1e-10 passed the three-decimals check and became 0 thousandths.
    expect(quantityToMilli(1e-10)).toEqual({ ok: false, message: 'Quantity must be at least 0.001' });
    expect(quantityToMilli(1.0005).ok).toBe(false);
    expect(quantityToMilli(999_999_999).ok).toBe(false);
    expect(quantityToMilli(2.125)).toEqual({ ok: true, value: 2125n });
    expect(quantityToMilli(1_000_000)).toEqual({ ok: true, value: 1_000_000_000n });
  });
});

describe('totals and their limits', () => {
  it('names the line whose amount is too large, and the total', () => {
    const max = BigInt(INVOICE_LIMITS.maxUnitPrice);
    const big = invoiceTotals([{ quantityMilli: BigInt(INVOICE_LIMITS.maxQuantityMilli), unitPrice: max }], 0);
    expect(totalsProblems(big, 'USD')).toEqual({
      'lines.0.unitPrice': 'Quantity × unit price must be at most 999,999,999,999.99 USD',
    });
    const many = invoiceTotals(
      Array.from({ length: 200 }, () => ({ quantityMilli: 500_000n, unitPrice: max })),
      2000,
    );
    expect(Object.keys(totalsProblems(many, 'USD'))).toEqual(['lines']);
    expect(totalsProblems(invoiceTotals([{ quantityMilli: 1000n, unitPrice: 0n }], 0), 'USD')).toEqual({
      lines: 'The total must be more than 0',
    });
    expect(totalsProblems(invoiceTotals([{ quantityMilli: 1500n, unitPrice: 333n }], 725), 'USD')).toEqual({});
  });

  it('keeps the largest allowed amount exact as a JSON number', () => {
    expect(Number.isSafeInteger(INVOICE_LIMITS.maxAmount * 2)).toBe(true);
    expect(toDecimalString(BigInt(INVOICE_LIMITS.maxAmount), 'USD')).toBe('999999999999.99');
  });
});
