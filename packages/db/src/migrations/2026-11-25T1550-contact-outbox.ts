import { type Kysely, sql } from 'kysely';

// The message row is its own outbox: the request inserts it in one statement, and the worker e-mails
// staff about every row whose `notified_at` is still empty, claiming rows with a lease so that two
// workers never mail the same message and a worker that dies mid-send is replaced when the lease ends.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('contact_messages')
    .addColumn('notified_at', 'timestamptz')
    .addColumn('notify_lease_until', 'timestamptz')
    .addColumn('notify_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Messages stored before this migration had their notification queued as a job in the same
  // transaction; that job (still handled by the worker) e-mails them, so the outbox must not.
  await sql`update contact_messages set notified_at = created_at`.execute(db);
  await db.schema
    .createIndex('contact_messages_unnotified_idx')
    .on('contact_messages')
    .column('created_at')
    .where(sql.ref('notified_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('contact_messages_unnotified_idx').execute();
  await db.schema
    .alterTable('contact_messages')
    .dropColumn('notify_attempts')
    .dropColumn('notify_lease_until')
    .dropColumn('notified_at')
    .execute();
}
