import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Money that lands after all (a Bitcoin transaction already broadcast to a closed checkout, a
  // provider race) is recorded as settled; an invoice paid beyond its total says so until refunded.
  await sql`alter table invoices drop constraint invoices_status_check`.execute(db);
  await sql`alter table invoices add constraint invoices_status_check
    check (status in ('draft', 'sent', 'partially_paid', 'paid', 'overpaid', 'void'))`.execute(db);

  // Money given back, one row per refund of one payment. `pending` while the provider has not
  // confirmed it; it still counts against the payment so it cannot be refunded twice meanwhile.
  await db.schema
    .createTable('refunds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('invoice_id', 'uuid', (c) => c.notNull().references('invoices.id').onDelete('restrict'))
    .addColumn('payment_id', 'uuid', (c) => c.notNull().references('payments.id').onDelete('restrict'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'succeeded', 'failed')`),
    )
    .addColumn('provider_ref', 'text')
    .addColumn('claim_url', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('refunds_invoice_idx').on('refunds').column('invoice_id').execute();
  await db.schema.createIndex('refunds_payment_idx').on('refunds').column('payment_id').execute();

  // Forged webhooks cost one counter update, not one row each: a row per provider, kind and minute.
  await db.schema
    .alterTable('webhook_failures')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('other'))
    .execute();
  await db.schema
    .alterTable('webhook_failures')
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('webhook_failures').addColumn('window_start', 'timestamptz').execute();
  await sql`create unique index webhook_failures_window_key on webhook_failures (provider, kind, window_start)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index webhook_failures_window_key`.execute(db);
  for (const c of ['window_start', 'count', 'kind'])
    await db.schema.alterTable('webhook_failures').dropColumn(c).execute();
  await db.schema.dropTable('refunds').execute();
  await sql`alter table invoices drop constraint invoices_status_check`.execute(db);
  await sql`alter table invoices add constraint invoices_status_check
    check (status in ('draft', 'sent', 'partially_paid', 'paid', 'void'))`.execute(db);
}
