import { describe, expect, it } from 'vitest';
import { formatMoney, fractionDigits, parseTaxBasisPoints, toDecimalInput } from './money.ts';

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
    // Regression: 999999999 × 999999999999 in the preview showed "$NaN".
    expect(formatMoney(999_999_999n * 999_999_999_999n, 'USD')).toBe('$9,999,999,989,990,000,000.01');
    expect(formatMoney(1e27, 'USD')).toBe('—');
  });
  it('knows fraction digits', () => {
    expect(fractionDigits('USD')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('KWD')).toBe(3);
  });
  it('writes minor units back as input text', () => {
    expect(toDecimalInput(123450, 'USD')).toBe('1234.50');
    expect(toDecimalInput(5, 'USD')).toBe('0.05');
    expect(toDecimalInput(1500, 'JPY')).toBe('1500');
  });
});

describe('tax rate', () => {
  it('parses percent into basis points', () => {
    expect(parseTaxBasisPoints('7.25')).toBe(725);
    expect(parseTaxBasisPoints('7,25')).toBe(725);
    expect(parseTaxBasisPoints('20')).toBe(2000);
    expect(parseTaxBasisPoints('100.01')).toBeUndefined();
    expect(parseTaxBasisPoints('1.234')).toBeUndefined();
    expect(parseTaxBasisPoints('.')).toBeUndefined();
  });
});
