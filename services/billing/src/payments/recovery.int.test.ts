import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@coppertone/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from '../testing.ts';
import { startReconciler } from './reconcile.ts';

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

const checkout = async (invoiceId: string) => (await h.checkout(invoiceId)).ref;

describe('recovery', () => {
  it('the reconciler job, on its short test interval, records a payment whose webhook was lost', async () => {
    const id = await h.sentInvoice(1234);
    const ref = await checkout(id);
    h.stripe.delivery.mode = { mode: 'drop' };
    await h.stripe.act(ref, 'pay');
    h.stripe.delivery.mode = { mode: 'normal' };
    const stop = startReconciler(h.deps, h.log, 0.2);
    try {
      const inv = await h.until(
        () => h.invoice(id),
        (i) => i.status === 'paid',
        5000,
      );
      expect(inv.status).toBe('paid');
      expect((await h.payments(id))[0]?.source).toBe('reconciler');
    } finally {
      stop();
    }
  });

  // A separate billing process dies right after storing the event, before its effect. Real
  // PostgreSQL only: the embedded database belongs to one process.
  it.runIf(process.env.TEST_DB !== 'pglite')(
    'applies the effect exactly once after the process is killed mid-event',
    async () => {
      const id = await h.sentInvoice(4321);
      const ref = await checkout(id);
      h.stripe.delivery.mode = { mode: 'drop' };
      const before = h.stripe.delivery.log.length;
      await h.stripe.act(ref, 'pay');
      h.stripe.delivery.mode = { mode: 'normal' };
      const event = h.stripe.delivery.log[before];
      if (!event) throw new Error('no event');

      const start = async (fault: boolean): Promise<{ proc: ChildProcess; url: string }> => {
        const port = await freePort();
        const proc = spawn(process.execPath, [fileURLToPath(new URL('../main.ts', import.meta.url))], {
          env: {
            ...process.env,
            ...h.env,
            DATABASE_URL: h.database.url,
            PORT: String(port),
            HOST: '127.0.0.1',
            LOG_LEVEL: 'silent',
            ...(fault ? { BILLING_FAULT: 'crash-after-event-stored' } : {}),
          },
          stdio: 'ignore',
        });
        const url = `http://127.0.0.1:${port}`;
        for (let i = 0; i < 200; i++) {
          if (
            await fetch(`${url}/readyz`).then(
              (r) => r.ok,
              () => false,
            )
          )
            return { proc, url };
          await new Promise((r) => setTimeout(r, 100));
        }
        proc.kill();
        throw new Error('billing did not start');
      };
      const deliver = (url: string) =>
        fetch(`${url}/webhooks/stripe`, {
          method: 'POST',
          body: event.body,
          headers: { 'content-type': 'application/json', ...event.headers },
        }).then(
          (r) => r.status,
          () => 'connection lost' as const,
        );

      const crashing = await start(true);
      const exited = new Promise<number | null>((r) => crashing.proc.once('exit', (code) => r(code)));
      expect(await deliver(crashing.url)).toBe('connection lost');
      expect(await exited).toBe(70);
      expect(await h.payments(id)).toHaveLength(0);
      expect(
        await h.db.selectFrom('provider_events').select('id').where('payload', '=', event.body).execute(),
      ).toHaveLength(0);

      const healthy = await start(false);
      try {
        expect(await deliver(healthy.url)).toBe(200);
        expect(await deliver(healthy.url)).toBe(200);
        expect((await h.invoice(id)).status).toBe('paid');
        expect(await h.payments(id)).toHaveLength(1);
      } finally {
        healthy.proc.kill();
      }
    },
  );
});
