import type { Provider } from '@coppertone/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from '../testing.ts';

// Issue 12 §3 "Webhook bursts": copies of one event must not each ask the provider (that made some
// answer a retryable 503), and forged deliveries must not each write a row.

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

const post = (provider: Provider, body: string, headers: Record<string, string>) =>
  h.postWebhook(provider, body, headers).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });

describe('webhook bursts', () => {
  it('200 concurrent copies of one BTCPay event: all acknowledged, the provider asked once, recorded once', async () => {
    const id = await h.sentInvoice(4100);
    const { ref } = await h.checkout(id, 'btcpay');
    h.btcpay.delivery.mode = { mode: 'drop' };
    await h.btcpay.act(ref, 'pay');
    await h.btcpay.act(ref, 'confirm');
    h.btcpay.delivery.mode = { mode: 'normal' };
    const settled = h.btcpay.delivery.log.findLast((d) => JSON.parse(d.body).type === 'InvoiceSettled');
    if (!settled) throw new Error('no InvoiceSettled delivery');

    const reads = () => h.btcpay.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/invoices/${ref}`)).length;
    const before = reads();
    const statuses = await Promise.all(
      Array.from({ length: 200 }, () => post('btcpay', settled.body, settled.headers)),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(reads() - before).toBe(1);
    const stored = await h.db
      .selectFrom('provider_events')
      .select('outcome')
      .where('event_id', '=', JSON.parse(settled.body).deliveryId)
      .execute();
    expect(stored).toEqual([{ outcome: 'applied' }]);
    expect(await h.invoice(id)).toMatchObject({ status: 'paid', amount_paid: '4100' });
    expect(await h.payments(id)).toHaveLength(1);
  });

  it('forged webhooks are counted in webhook health without a row each', async () => {
    const staff = await h.as('staff');
    const health = async () =>
      (await staff.get('/webhook-health')).body.providers.find((p: { provider: string }) => p.provider === 'btcpay');
    const rows = async () =>
      Number(
        (
          await h.db
            .selectFrom('webhook_failures')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('provider', '=', 'btcpay')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [before, rowsBefore] = [await health(), await rows()];
    const body = JSON.stringify({ deliveryId: 'forged', type: 'InvoiceSettled', invoiceId: 'x' });
    for (let batch = 0; batch < 6; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          post('btcpay', body, { 'btcpay-sig': `sha256=${String(i).padStart(64, '0')}` }),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([400]));
    }
    const after = await health();
    expect(after.failures24h - before.failures24h).toBe(300);
    expect(after.lastFailure).toBe('signature: BTCPay-Sig does not match the body');
    // One row per provider, kind and minute: 300 forgeries wrote at most two (a minute boundary).
    expect((await rows()) - rowsBefore).toBeLessThanOrEqual(2);
  });
});
