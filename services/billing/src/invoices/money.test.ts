import { describe, expect, it } from 'vitest';
import {
  computeTotals,
  currencyExponent,
  divRound,
  formatInvoiceNumber,
  fromDecimalString,
  isCurrency,
  toBasisPoints,
  toDecimalString,
  toMilli,
} from './money.ts';

describe('money', () => {
  it('rounds half away from zero, in integers', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(4n, 3n)).toBe(1n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(1499n, 1000n)).toBe(1n);
    expect(divRound(1500n, 1000n)).toBe(2n);
  });

  it('totals lines, then tax on the subtotal, each rounded once', () => {
    const t = computeTotals(
      [
        { description: 'Development', quantity: 1.5, unitPrice: 9_999 },
        { description: 'Hosting', quantity: 3, unitPrice: 1_234 },
        { description: 'Third of an hour', quantity: 0.333, unitPrice: 100 },
      ],
      2000,
    );
    expect(t.lines.map((l) => l.amount)).toEqual([14_999n, 3_702n, 33n]);
    expect(t.subtotal).toBe(18_734n);
    expect(t.tax).toBe(3_747n);
    expect(t.total).toBe(22_481n);
  });

  it('never drifts like floating point does', () => {
    const t = computeTotals(
      Array.from({ length: 10 }, () => ({ description: 'x', quantity: 0.1, unitPrice: 10 })),
      0,
    );
    expect(t.total).toBe(10n);
  });

  it('refuses quantities and rates with more precision than we keep', () => {
    expect(toMilli(2.125)).toBe(2125n);
    expect(() => toMilli(1.0005)).toThrow(RangeError);
    expect(toBasisPoints(7.25)).toBe(725);
    expect(() => toBasisPoints(7.255)).toThrow(RangeError);
  });

  it('knows currencies and their minor units from ICU', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('XYZ')).toBe(false);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
  });

  it('converts to and from the decimal strings providers use', () => {
    expect(toDecimalString(2500n, 'USD')).toBe('25.00');
    expect(toDecimalString(5n, 'USD')).toBe('0.05');
    expect(toDecimalString(2500n, 'JPY')).toBe('2500');
    expect(fromDecimalString('25.00', 'USD')).toBe(2500n);
    expect(fromDecimalString('12.5', 'USD')).toBe(1250n);
    expect(fromDecimalString('0.005', 'USD')).toBe(1n);
    expect(fromDecimalString('7', 'USD')).toBe(700n);
    expect(() => fromDecimalString('1e3', 'USD')).toThrow(RangeError);
  });

  it('numbers invoices per year with four digits', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('2026-0001');
    expect(formatInvoiceNumber(2026, 12345)).toBe('2026-12345');
  });
});
