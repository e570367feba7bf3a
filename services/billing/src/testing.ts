import { seedTestPeople } from '@coppertone/auth/testing';
import type { Provider } from '@coppertone/db';
import { listen } from '@coppertone/http';
import { createMailer, SEND_MAIL_JOB, sendMailJob } from '@coppertone/mail';
import { createMetrics } from '@coppertone/observability';
import { startTestProcess } from '@coppertone/runtime/testing';
import { standInProviderEnv, startFakeBtcpay, startFakeStripe } from '@coppertone/stand-ins/payments';
import { z } from 'zod';
import { billingConfigFields } from './config.ts';
import type { BillingDeps } from './context.ts';
import { buildBilling } from './function.ts';
import { providersFromConfig } from './providers/from-config.ts';

/**
 * The billing function listening on loopback with the Stripe and BTCPay stand-ins aimed at it,
 * two client companies with a contact each, staff and admin, a real queue and mailbox.
 */
export async function setupBilling(opts: { btcpaySettleMs?: number } = {}) {
  const metrics = createMetrics({ defaults: false, sampleTtlMs: 0 });
  const parts = await startTestProcess({
    name: 'billing-test',
    role: 'worker',
    queues: [SEND_MAIL_JOB],
    publicUrl: 'https://portal.coppertone.test',
    trustProxy: false,
    metrics,
  });
  const { database, jobs, log } = parts.deps;
  const db = database.db;
  const mailer = createMailer({ from: 'billing@coppertone.test' });
  await jobs.work([sendMailJob(mailer) as never]);
  const stripe = await startFakeStripe({ asyncSettleMs: 300 });
  const btcpay = await startFakeBtcpay({ settleMs: opts.btcpaySettleMs ?? 0 });
  const env = standInProviderEnv(stripe, btcpay);
  const { providers } = providersFromConfig(z.object(billingConfigFields).parse(env));
  const deps: BillingDeps = { db, jobs, providers, publicUrl: parts.deps.publicUrl, reconcileAfterSeconds: 0 };
  const billing = await buildBilling(parts.deps, deps);
  const app = billing.app;
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  stripe.webhookUrl = `${server.url}/webhooks/stripe`;
  btcpay.webhookUrl = `${server.url}/webhooks/btcpay`;

  const { companyA, companyB, users, browserAs } = await seedTestPeople(db, {
    clientA: { email: 'pay@acme.test', role: 'client', company: 'A' },
    clientB: { email: 'pay@beta.test', role: 'client', company: 'B' },
    staff: { email: 'billing@coppertone.test', role: 'staff' },
    admin: { email: 'owner@coppertone.test', role: 'admin' },
  });
  const as = (who: keyof typeof users | 'anonymous') =>
    browserAs(who, (path, init) => fetch(`${server.url}${path}`, init));

  /** A draft invoice for company A (or B) totalling `cents` USD, made by staff. */
  async function draftInvoice(cents = 2500, companyId = companyA, currency = 'USD') {
    const created = await (await as('staff')).post('/invoices', {
      companyId,
      currency,
      dueOn: '2026-12-31',
      lines: [{ description: 'Work', quantity: 1, unitPrice: cents }],
    });
    if (created.status !== 201) throw new Error(`invoice: ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  }

  /** A sent invoice for company A (or B) totalling `cents` USD. */
  async function sentInvoice(cents = 2500, companyId = companyA, currency = 'USD') {
    const id = await draftInvoice(cents, companyId, currency);
    await (await as('staff')).post(`/invoices/${id}/send`);
    return id;
  }

  /**
   * A checkout of the invoice started by `who` (201, or this throws), with the provider's reference
   * of it (the Stripe session or BTCPay invoice its stand-in acts on).
   */
  async function checkout(invoiceId: string, provider: Provider = 'stripe', who: keyof typeof users = 'clientA') {
    const res = await (await as(who)).post(`/invoices/${invoiceId}/checkout`, { provider });
    if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
    const attempt = await db
      .selectFrom('payment_attempts')
      .select('provider_ref')
      .where('id', '=', res.body.attemptId)
      .executeTakeFirstOrThrow();
    return { ...res.body, attemptId: res.body.attemptId as string, ref: attempt.provider_ref as string, provider };
  }

  /** A webhook as the provider sends it (a JSON body, its signature among `headers`), straight to billing. */
  const postWebhook = (provider: Provider, body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/webhooks/${provider}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  /** Company A's client pays the invoice by card on the Stripe stand-in's page; the webhook follows. */
  async function payByCard(invoiceId: string) {
    const { ref } = await checkout(invoiceId);
    await stripe.act(ref, 'pay');
  }

  async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
    const end = Date.now() + ms;
    let v = await fn();
    while (!ok(v) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      v = await fn();
    }
    return v;
  }

  const invoice = async (id: string) =>
    db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const payments = async (id: string) => db.selectFrom('payments').selectAll().where('invoice_id', '=', id).execute();
  /** The invoice once it is paid (as it is after 5 s otherwise: the caller asserts its status). */
  const untilPaid = (id: string) =>
    until(
      () => invoice(id),
      (i) => i.status === 'paid',
    );

  return {
    db,
    database,
    app,
    metrics,
    server,
    stripe,
    btcpay,
    deps,
    log,
    users,
    companyA,
    companyB,
    mailer,
    as,
    draftInvoice,
    sentInvoice,
    checkout,
    payByCard,
    postWebhook,
    until,
    untilPaid,
    invoice,
    payments,
    env,
    /** Both stand-ins deliver their webhooks again (a test before may have held or dropped them). */
    deliverNormally() {
      stripe.delivery.mode = { mode: 'normal' };
      btcpay.delivery.mode = { mode: 'normal' };
    },
    async close() {
      await server.close();
      await Promise.all([stripe.close(), btcpay.close()]);
      await billing.close();
      await parts.close();
    },
  };
}

export type BillingHarness = Awaited<ReturnType<typeof setupBilling>>;
