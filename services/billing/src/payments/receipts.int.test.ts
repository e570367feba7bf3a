import { createMailer, type OutgoingMail } from '@coppertone/mail';
import { startFakeSmtp } from '@coppertone/stand-ins/smtp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../invoices/pdf-text.ts';
import { type BillingHarness, setupBilling } from '../testing.ts';
import { reconcileOnce } from './reconcile.ts';

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

const mails = (to: string, subject: string) =>
  h.mailer.mailbox?.list().filter((m) => m.to === to && m.subject.includes(subject)) ?? [];

describe('receipts and payment notices', () => {
  it('a card payment sends the client a receipt and staff a "payment received" notice, once each', async () => {
    const id = await h.sentInvoice(4200);
    const number = (await h.invoice(id)).number as string;
    await h.payByCard(id);
    const receipt = await h.until(
      async () => mails('pay@acme.test', `Receipt: 42.00 USD paid on invoice ${number}`),
      (m) => m.length > 0,
      10_000,
    );
    expect(receipt).toHaveLength(1);
    expect(receipt[0]?.text).toContain('by card');
    expect(receipt[0]?.text).toContain('The invoice is paid in full.');
    expect(receipt[0]?.text).toContain(`https://portal.coppertone.test/api/billing/invoices/${id}/pdf`);
    for (const staff of ['billing@coppertone.test', 'owner@coppertone.test']) {
      const notice = await h.until(
        async () => mails(staff, `Payment received: 42.00 USD on invoice ${number}`),
        (m) => m.length > 0,
        10_000,
      );
      expect(notice[0]?.text).toContain(`/staff/invoices/${id}`);
    }
    // The reconciler reading the same settled checkout again records nothing new and mails nobody.
    await reconcileOnce({ ...h.deps, reconcileAfterSeconds: 0 }, h.log);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mails('pay@acme.test', `invoice ${number}`).filter((m) => m.subject.startsWith('Receipt'))).toHaveLength(1);
    expect(mails('pay@beta.test', number)).toHaveLength(0);
  });

  it('the invoice and its PDF carry the seller block, the payments and the payment terms', async () => {
    const id = await h.sentInvoice(1234);
    await h.payByCard(id);
    await h.until(
      () => h.invoice(id),
      (i) => i.status === 'paid',
      10_000,
    );
    const client = await h.as('clientA');
    const view = await client.get(`/invoices/${id}`);
    expect(view.body.seller).toMatchObject({
      name: 'Coppertone',
      address: expect.arrayContaining(['1 Example Street']),
      taxId: expect.stringContaining('GB'),
      paymentTerms: expect.stringContaining('due by the due date'),
    });
    const res = await fetch(`${h.server.url}/invoices/${id}/pdf`, {
      headers: { cookie: `cp_session=${client.cookies.get('cp_session')}` },
    });
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    for (const expected of [
      'Coppertone',
      '1 Example Street',
      'Tax number: GB 000 0000 00 (demo)',
      'Invoice and receipt',
      'Payments received',
      'Card',
      'Payment terms',
      'Acme A',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('the receipt carries the invoice PDF, listing the payment, as an attachment that reaches an SMTP server', async () => {
    const id = await h.sentInvoice(5600);
    const number = (await h.invoice(id)).number as string;
    await h.payByCard(id);
    const receipt = await h.until(
      async () => mails('pay@acme.test', `Receipt: 56.00 USD paid on invoice ${number}`),
      (m) => m.length > 0,
      10_000,
    );
    expect(receipt[0]?.attachments).toEqual([
      { filename: `receipt-${number}.pdf`, contentType: 'application/pdf', size: expect.any(Number) },
    ]);
    // The mail exactly as queued for the worker, sent through a real SMTP conversation.
    const queued = await sql<{ data: OutgoingMail }>`
      select data from pgboss.job where name = 'mail.send' and data->>'subject' = ${receipt[0]?.subject}`.execute(h.db);
    expect(queued.rows).toHaveLength(1);
    const smtp = await startFakeSmtp();
    try {
      await createMailer({ smtpUrl: smtp.url, from: 'billing@coppertone.test' }).send(
        queued.rows[0]?.data as OutgoingMail,
      );
      const file = smtp.messages[0]?.files[0];
      expect(file).toMatchObject({ filename: `receipt-${number}.pdf`, contentType: 'application/pdf' });
      expect(file?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(file?.content as Buffer);
      for (const expected of [`Invoice and receipt ${number}`, 'Payments received', 'Card', '$56.00']) {
        expect(text).toContain(expected);
      }
    } finally {
      await smtp.close();
    }
  });

  it('sends no receipt or notice to someone who turned that kind off on their account page', async () => {
    const mute = (email: string, muted: string[]) =>
      h.db.updateTable('users').set({ muted_notifications: muted }).where('email', '=', email).execute();
    await mute('pay@acme.test', ['receipt']);
    await mute('billing@coppertone.test', ['payment_received']);
    try {
      const id = await h.sentInvoice(7100);
      const number = (await h.invoice(id)).number as string;
      await h.payByCard(id);
      // Queued in the payment's own transaction: once one notice is out, all were queued.
      await h.until(
        async () => mails('owner@coppertone.test', `Payment received: 71.00 USD on invoice ${number}`),
        (m) => m.length > 0,
        10_000,
      );
      const queued = await sql<{ to: string; subject: string }>`
        select data->>'to' as "to", data->>'subject' as subject from pgboss.job
        where name = 'mail.send' and data->>'subject' like ${`%invoice ${number}%`}`.execute(h.db);
      expect(queued.rows.map((r) => `${r.to}: ${r.subject}`).sort()).toEqual([
        `owner@coppertone.test: Payment received: 71.00 USD on invoice ${number} (Acme A)`,
      ]);
    } finally {
      await mute('pay@acme.test', []);
      await mute('billing@coppertone.test', []);
    }
  });
});
