import { describe, expect, it } from 'vitest';
import type { ProviderState } from '../providers/provider.ts';
import { settlementFor } from './settle.ts';

const attempt = { amount: 2500n, currency: 'USD', status: 'open' as const };
const state = (s: Partial<ProviderState>): ProviderState => ({
  status: 'open',
  paid: 0n,
  amount: 2500n,
  currency: 'USD',
  late: false,
  ...s,
});
const stripe = { partialAllowed: false };
const btcpay = { partialAllowed: true };

describe('settlementFor', () => {
  it('records a full payment only for the exact amount in the same currency', () => {
    expect(settlementFor(attempt, state({ status: 'settled', paid: 2500n }), stripe)).toEqual({
      attemptStatus: 'paid',
      payment: { amount: 2500n, kind: 'full' },
    });
    expect(
      settlementFor(attempt, state({ status: 'settled', paid: 2500n, currency: 'EUR' }), stripe).attemptStatus,
    ).toBe('mismatch');
    expect(settlementFor(attempt, state({ status: 'settled', paid: 2400n, amount: 2400n }), stripe)).toEqual({
      attemptStatus: 'mismatch',
    });
  });

  it('records partial, over and late BTCPay payments as what they are', () => {
    expect(settlementFor(attempt, state({ status: 'settled', paid: 1000n }), btcpay).payment).toEqual({
      amount: 1000n,
      kind: 'partial',
    });
    expect(settlementFor(attempt, state({ status: 'settled', paid: 3000n }), btcpay)).toEqual({
      attemptStatus: 'overpaid',
      payment: { amount: 3000n, kind: 'over' },
    });
    expect(settlementFor(attempt, state({ status: 'settled', paid: 2500n, late: true }), btcpay)).toEqual({
      attemptStatus: 'paid',
      payment: { amount: 2500n, kind: 'late' },
    });
    expect(settlementFor(attempt, state({ status: 'settled', paid: 1000n }), stripe).attemptStatus).toBe('mismatch');
  });

  it('shows processing as processing, and a failed async payment as failed', () => {
    expect(settlementFor(attempt, state({ status: 'processing' }), btcpay)).toEqual({ attemptStatus: 'processing' });
    expect(settlementFor(attempt, state({ status: 'processing' }), { ...stripe, failed: true })).toEqual({
      attemptStatus: 'failed',
    });
  });

  it('never lets a late expiry undo a settled attempt', () => {
    const paid = { ...attempt, status: 'paid' as const };
    expect(settlementFor(paid, state({ status: 'expired' }), stripe)).toEqual({ attemptStatus: 'paid' });
    expect(settlementFor(attempt, state({ status: 'expired' }), stripe)).toEqual({ attemptStatus: 'expired' });
  });
});
