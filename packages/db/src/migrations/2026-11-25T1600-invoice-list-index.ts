import type { Kysely } from 'kysely';

// The invoice list counts a company's invoices on every page (a client's count leaves drafts out).
// invoices_company_idx (company_id, created_at) reads the page in order, but it cannot tell a draft
// from the rest: a client's count read the whole table. This narrow index answers both counts from
// the index alone (an index-only scan), whoever asks.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('invoices_company_status_idx').on('invoices').columns(['company_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('invoices_company_status_idx').execute();
}
