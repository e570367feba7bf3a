import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';

/** One page of recorded payments (and refunds given back), newest first, with their invoice's number. */
export async function listPayments(db: Kysely<Database>, page: { page: number; pageSize: number }) {
  const rows = await db
    .selectFrom('payments as p')
    .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
    .select([
      'p.id',
      'p.invoice_id as invoiceId',
      'i.number',
      'p.provider',
      'p.amount',
      'p.currency',
      'p.kind',
      'p.source',
      'p.recorded_at as recordedAt',
    ])
    .orderBy('p.recorded_at', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** The invoice a receipt is about, with its company's name. */
export const receiptInvoice = (db: Kysely<Database>, invoiceId: string) =>
  db
    .selectFrom('invoices as i')
    .innerJoin('companies as c', 'c.id', 'i.company_id')
    .select(['i.id', 'i.number', 'i.total', 'i.amount_paid', 'i.company_id', 'c.name as companyName'])
    .where('i.id', '=', invoiceId)
    .executeTakeFirstOrThrow();

/** A company's confirmed client contacts who get receipts. */
export const receiptRecipients = (db: Kysely<Database>, companyId: string) =>
  db
    .selectFrom('users')
    .select(['email', 'name'])
    .where('company_id', '=', companyId)
    .where('role', '=', 'client')
    .where('email_confirmed_at', 'is not', null)
    // Not to someone who turned receipts off on their account page.
    .where(sql<boolean>`not ('receipt' = any(muted_notifications))`)
    .execute();

/** Staff and admins who get the "payment received" notice. */
export const paymentNoticeRecipients = (db: Kysely<Database>) =>
  db
    .selectFrom('users')
    .select('email')
    .where('role', 'in', ['staff', 'admin'])
    .where(sql<boolean>`not ('payment_received' = any(muted_notifications))`)
    .execute();
