import { type Kysely, sql } from 'kysely';

/** Adds a column with a default only: code from before it reads and writes users as it did. */
export const compatibility = 'expand';

// The e-mail notifications each person has turned off (kinds from @coppertone/contracts); none by default.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('muted_notifications', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('muted_notifications').execute();
}
