import { createSessionCache } from '@coppertone/auth';
import { seedTestPeople } from '@coppertone/auth/testing';
import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { listen } from '@coppertone/http';
import { type Jobs, startJobs } from '@coppertone/jobs';
import { createMailer, SEND_MAIL_JOB, sendMailJob } from '@coppertone/mail';
import { createLogger, createMetrics } from '@coppertone/observability';
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
  const database: DatabaseHandle = await createTestDatabase();
  const db = database.db;
  const log = createLogger({ name: 'billing-test', level: 'silent' });
  const mailer = createMailer({ from: 'billing@coppertone.test' });
  const jobs: Jobs = await startJobs({
    database: database,
    log,
    role: 'worker',
    queues: [SEND_MAIL_JOB],
    pollingIntervalSeconds: 0.5,
  });
  await jobs.work([sendMailJob(mailer) as never]);
  const stripe = await startFakeStripe({ asyncSettleMs: 300 });
  const btcpay = await startFakeBtcpay({ settleMs: opts.btcpaySettleMs ?? 0 });
  const env = standInProviderEnv(stripe, btcpay);
  const { providers } = providersFromConfig(z.object(billingConfigFields).parse(env));
  const deps: BillingDeps = {
    db,
    jobs,
    providers,
    publicUrl: 'https://portal.coppertone.test',
    reconcileAfterSeconds: 0,
  };
  const sessions = await createSessionCache(database);
  const metrics = createMetrics({ defaults: false, sampleTtlMs: 0 });
  const billing = await buildBilling(
    { database, sessions, jobs, log, metrics, ready: database.ping, publicUrl: deps.publicUrl, trustProxy: false },
    deps,
  );
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

  /** A sent invoice for company A (or B) totalling `cents` USD. */
  async function sentInvoice(cents = 2500, companyId = companyA, currency = 'USD') {
    const staff = await as('staff');
    const created = await staff.post('/invoices', {
      companyId,
      currency,
      dueOn: '2026-12-31',
      lines: [{ description: 'Work', quantity: 1, unitPrice: cents }],
    });
    if (created.status !== 201) throw new Error(`invoice: ${JSON.stringify(created.body)}`);
    await staff.post(`/invoices/${created.body.id}/send`);
    return created.body.id as string;
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
    sentInvoice,
    until,
    invoice,
    payments,
    env,
    async close() {
      await server.close();
      await Promise.all([stripe.close(), btcpay.close()]);
      await billing.close();
      await sessions.close();
      await jobs.stop();
      await database.close();
    },
  };
}

export type BillingHarness = Awaited<ReturnType<typeof setupBilling>>;
