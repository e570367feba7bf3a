import type { Kysely } from 'kysely';

/** Adds a column with a default only: code from before it reads and writes companies as it did. */
export const compatibility = 'expand';

// Whether a client company's contacts may invite colleagues into it (an admin can turn it off).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('companies')
    .addColumn('client_invites', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('companies').dropColumn('client_invites').execute();
}
