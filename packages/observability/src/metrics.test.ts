import { describe, expect, it } from 'vitest';
import { createMetrics, readMetric, setAll } from './metrics.ts';

describe('createMetrics', () => {
  it('shows a scrape-time family only once a function adopts it, set by its sampler', async () => {
    const metrics = createMetrics({ defaults: false });
    expect(await metrics.registry.metrics()).not.toContain('contact_outbox_pending');
    metrics.adopt([metrics.contactOutboxPending], async () => {
      metrics.contactOutboxPending.set(3);
    });
    expect(await metrics.registry.metrics()).toContain('contact_outbox_pending 3');
  });

  it('runs the samplers once for every gauge of a scrape, and again only after the TTL', async () => {
    let runs = 0;
    const metrics = createMetrics({ defaults: false, sampleTtlMs: 60_000 });
    metrics.adopt([metrics.invoices, metrics.checkoutsAwaitingAnswer], async () => {
      runs++;
      setAll(metrics.invoices, [[{ status: 'sent' }, runs]]);
    });
    await metrics.registry.metrics();
    await metrics.registry.metrics();
    expect(runs).toBe(1);
    expect(await readMetric(metrics, 'invoices', { status: 'sent' })).toBe(1);
  });

  it('drops labels a sampler no longer reports, and keeps the last values when a sampler fails', async () => {
    const errors: unknown[] = [];
    let fail = false;
    let rows: Array<[{ status: string }, number]> = [
      [{ status: 'sent' }, 2],
      [{ status: 'void' }, 1],
    ];
    const metrics = createMetrics({ defaults: false, sampleTtlMs: 0, onSampleError: (e) => errors.push(e) });
    metrics.adopt([metrics.invoices], async () => {
      if (fail) throw new Error('database down');
      setAll(metrics.invoices, rows);
    });
    expect(await metrics.registry.metrics()).toContain('invoices{status="void"} 1');
    rows = [[{ status: 'sent' }, 2]];
    expect(await metrics.registry.metrics()).not.toContain('status="void"');
    fail = true;
    expect(await metrics.registry.metrics()).toContain('invoices{status="sent"} 2');
    expect(errors).toHaveLength(1);
  });

  it('adopting a family twice (every function of the all-in-one server shares one registry) is harmless', async () => {
    const metrics = createMetrics({ defaults: false });
    metrics.adopt([metrics.paymentWebhooks]);
    metrics.adopt([metrics.paymentWebhooks]);
    metrics.paymentWebhooks.inc({ provider: 'stripe', outcome: 'invalid_signature' });
    expect(await metrics.registry.metrics()).toContain(
      'payment_webhooks_total{provider="stripe",outcome="invalid_signature"} 1',
    );
  });
});
