import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  fractionDigits,
  invoiceTotals,
  parseMoney,
  parseQuantityMilli,
  parseTaxBasisPoints,
  toDecimalInput,
} from './money.ts';

describe('formatMoney', () => {
  it('formats minor units with the currency fraction digits', () => {
    expect(formatMoney(123450, 'USD')).toBe('$1,234.50');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(1234, 'BHD')).toMatch(/1\.234/);
    expect(formatMoney(-250, 'USD')).toBe('-$2.50');
  });
  it('keeps every digit of large amounts', () => {
    expect(formatMoney(900719925474099, 'USD')).toBe('$9,007,199,254,740.99');
  });
  it('knows fraction digits', () => {
    expect(fractionDigits('USD')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('KWD')).toBe(3);
  });
});

describe('parseMoney', () => {
  it('parses decimal text into minor units without floats', () => {
    expect(parseMoney('12.5', 'USD')).toBe(1250);
    expect(parseMoney('0.29', 'USD')).toBe(29);
    expect(parseMoney('1,234.56', 'USD')).toBe(123456);
    expect(parseMoney('12', 'USD')).toBe(1200);
    expect(parseMoney('.5', 'USD')).toBe(50);
    expect(parseMoney(' 7. ', 'USD')).toBe(700);
    expect(parseMoney('1500', 'JPY')).toBe(1500);
    expect(parseMoney('1.234', 'KWD')).toBe(1234);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', '.', 'abc', '-1', '1.234', '1e3', '1.2.3']) expect(parseMoney(bad, 'USD')).toBeUndefined();
    expect(parseMoney('1.5', 'JPY')).toBeUndefined();
  });
  it('round-trips with toDecimalInput', () => {
    expect(toDecimalInput(123450, 'USD')).toBe('1234.50');
    expect(toDecimalInput(5, 'USD')).toBe('0.05');
    expect(toDecimalInput(1500, 'JPY')).toBe('1500');
    expect(parseMoney(toDecimalInput(987654321, 'USD'), 'USD')).toBe(987654321);
  });
});

describe('quantities, tax and totals', () => {
  it('parses quantities in thousandths and tax in basis points', () => {
    expect(parseQuantityMilli('1.5')).toBe(1500);
    expect(parseQuantityMilli('2')).toBe(2000);
    expect(parseQuantityMilli('0.001')).toBe(1);
    expect(parseQuantityMilli('1.0005')).toBeUndefined();
    expect(parseQuantityMilli('-1')).toBeUndefined();
    expect(parseTaxBasisPoints('7.25')).toBe(725);
    expect(parseTaxBasisPoints('20')).toBe(2000);
    expect(parseTaxBasisPoints('100.01')).toBeUndefined();
    expect(parseTaxBasisPoints('1.234')).toBeUndefined();
  });
  it('computes totals like the server: lines rounded half away from zero, tax on the subtotal', () => {
    const t = invoiceTotals(
      [
        { quantityMilli: 1500, unitPrice: 333 }, // 499.5 → 500
        { quantityMilli: 3000, unitPrice: 10 }, // 30
      ],
      725,
    );
    expect(t.lines).toEqual([500, 30]);
    expect(t.subtotal).toBe(530);
    expect(t.tax).toBe(38); // 38.425 → 38
    expect(t.total).toBe(568);
    // 0.1 + 0.2 style float traps do not appear.
    expect(
      invoiceTotals(
        [
          { quantityMilli: 1000, unitPrice: 10 },
          { quantityMilli: 1000, unitPrice: 20 },
        ],
        0,
      ).total,
    ).toBe(30);
  });
});
