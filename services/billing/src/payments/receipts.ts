import type { Database, Provider } from '@coppertone/db';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { renderInvoicePdf } from '../invoices/invoice.pdf.ts';
import { invoiceDetail } from '../invoices/invoices.repo.ts';
import { toDecimalString } from '../invoices/money.ts';
import { defaultSeller } from '../invoices/seller.ts';
import { paymentNoticeRecipients, receiptInvoice, receiptRecipients } from './payments.repo.ts';
import type { SettleDeps } from './settle.ts';

const METHOD: Record<Provider, string> = { stripe: 'card', btcpay: 'Bitcoin' };

/**
 * A newly recorded payment, in the transaction that records it (so each payment is announced once,
 * and never for one that was rolled back): the client company's contacts get a receipt with links to
 * the invoice and its PDF, with the PDF itself attached (it lists the payments: the receipt an
 * accountant files), and staff get a "payment received" notice.
 */
export async function mailPaymentReceived(
  deps: SettleDeps,
  trx: Kysely<Database>,
  payment: { invoiceId: string; amount: bigint; currency: string; provider: Provider },
): Promise<void> {
  const inv = await receiptInvoice(trx, payment.invoiceId);
  const money = (v: string | bigint) => `${toDecimalString(BigInt(v), payment.currency)} ${payment.currency}`;
  const number = inv.number ?? 'draft';
  const due = BigInt(inv.total) - BigInt(inv.amount_paid);
  const balance = due > 0n ? `${money(due)} is still due.` : 'The invoice is paid in full.';
  const when = new Date().toISOString().slice(0, 10);
  const method = METHOD[payment.provider];

  const contacts = await receiptRecipients(trx, inv.company_id);
  // Rendered once, in this transaction, so it lists the payment just recorded.
  const detail = contacts.length ? await invoiceDetail(trx, { kind: 'all' }, inv.id) : undefined;
  const receipt = detail
    ? {
        filename: `receipt-${inv.number ?? 'draft'}.pdf`,
        contentType: 'application/pdf',
        contentBase64: (await renderInvoicePdf(detail, deps.seller ?? defaultSeller())).toString('base64'),
      }
    : undefined;
  for (const c of contacts) {
    await deps.jobs.send(
      SEND_MAIL_JOB,
      {
        to: c.email,
        subject: `Receipt: ${money(payment.amount)} paid on invoice ${number}`,
        text: [
          `Hello ${c.name},`,
          '',
          `Thank you: we received ${money(payment.amount)} by ${method} on ${when} for invoice ${number} (${inv.companyName}).`,
          balance,
          '',
          `The invoice and its payments: ${deps.publicUrl}/portal/invoices/${inv.id}`,
          `Receipt (PDF, listing every payment): attached, and at ${deps.publicUrl}/api/billing/invoices/${inv.id}/pdf`,
          '',
          '— Coppertone billing',
        ].join('\n'),
        ...(receipt ? { attachments: [receipt] } : {}),
      },
      { trx },
    );
  }

  const staff = await paymentNoticeRecipients(trx);
  for (const s of staff) {
    await deps.jobs.send(
      SEND_MAIL_JOB,
      {
        to: s.email,
        subject: `Payment received: ${money(payment.amount)} on invoice ${number} (${inv.companyName})`,
        text: `${inv.companyName} paid ${money(payment.amount)} by ${method} on invoice ${number}. ${balance}\n\n${deps.publicUrl}/staff/invoices/${inv.id}\n\n— Coppertone billing`,
      },
      { trx },
    );
  }
}
