import { describe, expect, it, vi } from 'vitest';
import type { PaymentStatus } from '#lib/api/billing.ts';
import { describeStatus, isFinal, pollUntilFinal } from './payment-status.ts';

const at = (status: PaymentStatus['status'], attempt?: string): PaymentStatus => ({
  status,
  amountDue: status === 'paid' ? 0 : 1000,
  amountPaid: status === 'paid' ? 1000 : 0,
  attempt: attempt
    ? { id: 'a', provider: 'btcpay', status: attempt as never, amount: 1000, createdAt: '2026-01-01' }
    : undefined,
});

describe('isFinal / describeStatus', () => {
  it('treats open and processing as not final', () => {
    expect(isFinal(at('sent', 'open'))).toBe(false);
    expect(isFinal(at('sent', 'processing'))).toBe(false);
    expect(isFinal(at('paid', 'paid'))).toBe(true);
    expect(isFinal(at('sent', 'failed'))).toBe(true);
    expect(isFinal(at('sent', 'expired'))).toBe(true);
    expect(isFinal(at('partially_paid', 'partial'))).toBe(true);
  });
  it('says what our records say', () => {
    expect(describeStatus(at('paid', 'paid')).title).toBe('Paid');
    expect(describeStatus(at('sent', 'processing')).title).toBe('Processing — waiting for the network to confirm');
    expect(describeStatus(at('sent', 'open')).title).toBe('Not paid yet');
    expect(describeStatus(at('sent', 'failed')).title).toBe('Payment failed');
    expect(describeStatus(at('sent', 'mismatch')).tone).toBe('bad');
  });
  it('never calls an overpaid invoice "paid in full": it says a refund is due', () => {
    expect(isFinal(at('overpaid', 'paid'))).toBe(true);
    const said = describeStatus(at('overpaid', 'paid'));
    expect(said.title).toBe('Overpaid — refund due');
    expect(said.detail).not.toMatch(/in full/);
  });
});

describe('pollUntilFinal', () => {
  const noSleep = async () => {};

  it('reads until the status is final and reports each step', async () => {
    const answers = [at('sent', 'open'), at('sent', 'processing'), at('sent', 'processing'), at('paid', 'paid')];
    const read = vi.fn(async () => answers.shift() ?? at('paid', 'paid'));
    const seen: string[] = [];
    const last = await pollUntilFinal({
      read,
      onStatus: (s) => seen.push(s.attempt?.status ?? s.status),
      signal: new AbortController().signal,
      sleep: noSleep,
    });
    expect(last?.status).toBe('paid');
    expect(read).toHaveBeenCalledTimes(4);
    expect(seen).toEqual(['open', 'processing', 'processing', 'paid']);
  });

  it('keeps going after a failed read', async () => {
    let n = 0;
    const onError = vi.fn();
    const last = await pollUntilFinal({
      read: async () => {
        n += 1;
        if (n === 1) throw new Error('network');
        return at('paid', 'paid');
      },
      onStatus: () => {},
      onError,
      signal: new AbortController().signal,
      sleep: noSleep,
    });
    expect(onError).toHaveBeenCalledOnce();
    expect(last?.status).toBe('paid');
  });

  it('gives up after maxMs and says so', async () => {
    let clock = 0;
    const calls: boolean[] = [];
    await pollUntilFinal({
      read: async () => at('sent', 'open'),
      onStatus: (_s, gaveUp) => calls.push(gaveUp),
      signal: new AbortController().signal,
      intervalMs: 1000,
      maxMs: 3000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(calls.at(-1)).toBe(true);
    expect(calls.filter((g) => !g)).toHaveLength(4);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const read = vi.fn(async () => {
      controller.abort();
      return at('sent', 'processing');
    });
    const onStatus = vi.fn();
    await pollUntilFinal({ read, onStatus, signal: controller.signal, sleep: noSleep });
    expect(read).toHaveBeenCalledOnce();
    expect(onStatus).not.toHaveBeenCalled();
  });
});
