import { type Kysely, sql } from 'kysely';

/** Adds columns and a table only: code from before it reads and writes contact messages as it did. */
export const compatibility = 'expand';

// The staff inbox: whether a message was read and what became of it (handled, spam), the company or
// project made from it, and the replies staff sent from it (each also a queued e-mail).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('contact_messages')
    .addColumn('read_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new').check(sql`status in ('new', 'handled', 'spam')`))
    .addColumn('status_changed_at', 'timestamptz')
    .addColumn('status_changed_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('company_id', 'uuid', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('project_id', 'uuid', (c) => c.references('projects.id').onDelete('set null'))
    .execute();
  await db.schema
    .createTable('contact_replies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('contact_messages.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('contact_replies_message_idx').on('contact_replies').column('message_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contact_replies').execute();
  await db.schema
    .alterTable('contact_messages')
    .dropColumn('project_id')
    .dropColumn('company_id')
    .dropColumn('status_changed_by')
    .dropColumn('status_changed_at')
    .dropColumn('status')
    .dropColumn('read_at')
    .execute();
}
