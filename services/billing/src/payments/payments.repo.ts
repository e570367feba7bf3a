import type { Database } from '@coppertone/db';
import type { Kysely } from 'kysely';

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
