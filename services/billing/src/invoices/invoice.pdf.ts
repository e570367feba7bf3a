import PDFDocument from 'pdfkit';
import type { invoiceDetail } from './invoices.repo.ts';
import { toDecimalString } from './money.ts';
import type { Seller } from './seller.ts';

type Detail = NonNullable<Awaited<ReturnType<typeof invoiceDetail>>>;

// Formatted from the exact decimal string: no float ever holds the amount.
const money = (minor: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(
    toDecimalString(BigInt(minor), currency) as `${number}`,
  );

const METHOD: Record<string, string> = { stripe: 'Card', btcpay: 'Bitcoin' };

/**
 * The invoice as a PDF (A4, the built-in Helvetica: no font files to ship): the seller block (name,
 * address, tax number), the buyer, dates, lines, totals, the payments received (so a paid invoice's
 * PDF is its receipt) and the payment terms.
 */
export function renderInvoicePdf(inv: Detail, seller: Seller): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${inv.number ?? 'draft'}`, Author: 'Coppertone' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.fillColor('#8a4b24').fontSize(22).text(seller.name, { continued: false });
  doc.fillColor('#1f2328').fontSize(10);
  for (const line of seller.address) doc.text(line);
  if (seller.taxId) doc.text(`Tax number: ${seller.taxId}`);
  if (seller.email) doc.text(seller.email);
  doc.moveDown(1.5);
  const paidInFull = inv.status === 'paid' || inv.status === 'overpaid';
  doc.fontSize(18).text(`${paidInFull ? 'Invoice and receipt' : 'Invoice'} ${inv.number ?? '(draft)'}`);
  doc.fontSize(10).fillColor('#57606a');
  doc.text(`Billed to: ${inv.companyName}`);
  if (inv.issuedAt) doc.text(`Issued: ${new Date(inv.issuedAt).toISOString().slice(0, 10)}`);
  doc.text(`Due: ${inv.dueOn}`);
  doc.text(`Status: ${inv.status === 'overpaid' ? 'overpaid — refund due' : inv.status.replace('_', ' ')}`);
  doc.moveDown();

  const cols = { desc: 50, qty: 330, unit: 390, amount: 470 };
  const row = (y: number, d: string, q: string, u: string, a: string, bold = false) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fillColor('#1f2328')
      .fontSize(10);
    doc.text(d, cols.desc, y, { width: 270 });
    doc.text(q, cols.qty, y, { width: 50, align: 'right' });
    doc.text(u, cols.unit, y, { width: 70, align: 'right' });
    doc.text(a, cols.amount, y, { width: 75, align: 'right' });
  };
  let y = doc.y;
  row(y, 'Description', 'Qty', 'Unit price', 'Amount', true);
  y += 18;
  for (const l of inv.lines) {
    row(y, l.description, String(l.quantity), money(l.unitPrice, inv.currency), money(l.amount, inv.currency));
    y = Math.max(doc.y, y + 16) + 2;
  }
  // Paid is what came in; refunds are listed apart, so every cent of the account is explained.
  const refunded = inv.refunds.filter((r) => r.status !== 'failed').reduce((n, r) => n + r.amount, 0);
  const totals: Array<[string, number, boolean]> = [
    ['Subtotal', inv.subtotal, false],
    [`Tax ${inv.taxRate}%`, inv.tax, false],
    ['Total', inv.total, true],
    ['Paid', inv.amountPaid + refunded, false],
    ...(refunded ? [['Refunded', refunded, false] as [string, number, boolean]] : []),
    ...(inv.amountPaid > inv.total
      ? [['Overpaid — refund due', inv.amountPaid - inv.total, true] as [string, number, boolean]]
      : []),
    ['Amount due', inv.amountDue, true],
  ];
  y += 8;
  for (const [label, amount, bold] of totals) {
    row(y, '', '', label, money(amount, inv.currency), bold);
    y += 16;
  }
  y += 12;
  const para = (text: string, bold = false) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fillColor(bold ? '#1f2328' : '#57606a')
      .fontSize(10)
      .text(text, 50, y, { width: 495 });
    y = doc.y + 4;
  };
  if (inv.payments.length) {
    para('Payments received', true);
    for (const p of inv.payments) {
      const when = new Date(p.recordedAt).toISOString().slice(0, 10);
      para(`${when}  ${METHOD[p.provider] ?? p.provider}  ${money(p.amount, p.currency)}`);
    }
    y += 6;
  }
  para('Payment terms', true);
  para(seller.paymentTerms);
  if (inv.notes) {
    y += 6;
    para(inv.notes);
  }
  doc.end();
  return done;
}
