import PDFDocument from 'pdfkit';
import type { invoiceDetail } from './invoices.repo.ts';
import { toDecimalString } from './money.ts';

type Detail = NonNullable<Awaited<ReturnType<typeof invoiceDetail>>>;

// Formatted from the exact decimal string: no float ever holds the amount.
const money = (minor: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(
    toDecimalString(BigInt(minor), currency) as `${number}`,
  );

/** The invoice as a PDF (A4, the built-in Helvetica: no font files to ship). */
export function renderInvoicePdf(inv: Detail): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${inv.number ?? 'draft'}`, Author: 'Coppertone' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.fillColor('#8a4b24').fontSize(22).text('Coppertone', { continued: false });
  doc.fillColor('#1f2328').fontSize(10).text('coppertonetech.com');
  doc.moveDown(1.5);
  doc.fontSize(18).text(`Invoice ${inv.number ?? '(draft)'}`);
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
  if (inv.notes) {
    doc
      .moveDown(2)
      .font('Helvetica')
      .fillColor('#57606a')
      .text(inv.notes, 50, y + 40, { width: 495 });
  }
  doc.end();
  return done;
}
