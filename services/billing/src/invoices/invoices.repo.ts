import type { Database, InvoiceStatus } from '@coppertone/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Totals } from './money.ts';

/** What a client can pay, and what "open" lists: sent, or paid in part. */
export const PAYABLE_STATUSES: readonly InvoiceStatus[] = ['sent', 'partially_paid'];

export type Viewer = { kind: 'all' } | { kind: 'company'; companyId: string | null };

const NIL = '00000000-0000-0000-0000-000000000000';

/** Invoices a viewer may see: clients only their company's, and never drafts. */
export function invoicesQuery(db: Kysely<Database>, viewer: Viewer) {
  let q = db
    .selectFrom('invoices as i')
    .innerJoin('companies as c', 'c.id', 'i.company_id')
    .select([
      'i.id',
      'i.number',
      'i.company_id as companyId',
      'c.name as companyName',
      'i.project_id as projectId',
      'i.status',
      'i.currency',
      'i.tax_rate_bp',
      'i.subtotal',
      'i.tax',
      'i.total',
      'i.amount_paid',
      'i.due_on',
      'i.notes',
      'i.issued_at as issuedAt',
      'i.version',
      'i.created_at as createdAt',
    ]);
  if (viewer.kind === 'company')
    q = q.where('i.company_id', '=', viewer.companyId ?? NIL).where('i.status', '<>', 'draft');
  return q;
}

/** Whether the viewer may see the invoice at all (else it is answered 404, never 403). */
export async function invoiceVisible(db: Kysely<Database>, viewer: Viewer, id: string): Promise<boolean> {
  return !!(await invoicesQuery(db, viewer).clearSelect().select('i.id').where('i.id', '=', id).executeTakeFirst());
}

/** One page of the invoices a viewer may see, newest first, with how many match in all. */
export async function listInvoices(
  db: Kysely<Database>,
  viewer: Viewer,
  filter: { status?: InvoiceStatus | 'open' | 'overdue'; company?: string; page: number; pageSize: number },
) {
  let query = invoicesQuery(db, viewer);
  if (filter.status === 'open') query = query.where('i.status', 'in', PAYABLE_STATUSES);
  else if (filter.status === 'overdue')
    query = query.where('i.status', 'in', PAYABLE_STATUSES).where('i.due_on', '<', sql<string>`current_date`);
  else if (filter.status) query = query.where('i.status', '=', filter.status);
  if (filter.company) query = query.where('i.company_id', '=', filter.company);
  const [rows, count] = await Promise.all([
    query
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toInvoiceView), total: Number(count.n) };
}

type Row = Awaited<ReturnType<ReturnType<typeof invoicesQuery>['executeTakeFirstOrThrow']>>;

export function toInvoiceView(r: Row) {
  const total = Number(r.total);
  const amountPaid = Number(r.amount_paid);
  const due = r.due_on as unknown;
  return {
    id: r.id,
    number: r.number,
    companyId: r.companyId,
    companyName: r.companyName,
    projectId: r.projectId,
    status: r.status,
    currency: r.currency,
    taxRate: r.tax_rate_bp / 100,
    subtotal: Number(r.subtotal),
    tax: Number(r.tax),
    total,
    amountPaid,
    amountDue: Math.max(0, total - amountPaid),
    dueOn:
      due instanceof Date
        ? `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`
        : String(due),
    notes: r.notes,
    issuedAt: r.issuedAt,
    version: r.version,
    createdAt: r.createdAt,
  };
}
export type InvoiceView = ReturnType<typeof toInvoiceView>;

export async function invoiceDetail(db: Kysely<Database>, viewer: Viewer, id: string) {
  const row = await invoicesQuery(db, viewer).where('i.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [lines, payments, attempts, refunds] = await Promise.all([
    db
      .selectFrom('invoice_lines')
      .select(['description', 'quantity_milli', 'unit_price', 'amount'])
      .where('invoice_id', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('payments')
      .select(['id', 'provider', 'amount', 'currency', 'kind', 'source', 'recorded_at as recordedAt'])
      .where('invoice_id', '=', id)
      .orderBy('recorded_at')
      .execute(),
    db
      .selectFrom('payment_attempts')
      .select(['id', 'provider', 'status', 'amount', 'created_at as createdAt'])
      .where('invoice_id', '=', id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('refunds')
      .select([
        'id',
        'payment_id as paymentId',
        'provider',
        'amount',
        'currency',
        'status',
        'claim_url as claimUrl',
        'note',
        'created_at as createdAt',
      ])
      .where('invoice_id', '=', id)
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    ...toInvoiceView(row),
    lines: lines.map((l) => ({
      description: l.description,
      quantity: Number(l.quantity_milli) / 1000,
      unitPrice: Number(l.unit_price),
      amount: Number(l.amount),
    })),
    payments: payments.map((p) => ({ ...p, amount: Number(p.amount) })),
    attempts: attempts.map((a) => ({ ...a, amount: Number(a.amount) })),
    refunds: refunds.map((r) => ({ ...r, amount: Number(r.amount) })),
  };
}

// Writes, each inside the service's transaction.

export async function companyExists(trx: Transaction<Database>, id: string): Promise<boolean> {
  return !!(await trx.selectFrom('companies').select('id').where('id', '=', id).executeTakeFirst());
}

/** The company a project belongs to; undefined when there is no such project. */
export async function projectCompany(trx: Transaction<Database>, projectId: string): Promise<string | undefined> {
  return (await trx.selectFrom('projects').select('company_id').where('id', '=', projectId).executeTakeFirst())
    ?.company_id;
}

/** Stores a draft and its lines (in their order); answers its id. */
export async function insertDraft(
  trx: Transaction<Database>,
  d: {
    companyId: string;
    projectId: string | null;
    currency: string;
    taxRateBp: number;
    totals: Totals;
    dueOn: string;
    notes: string;
    createdBy: string;
  },
): Promise<string> {
  const invoice = await trx
    .insertInto('invoices')
    .values({
      company_id: d.companyId,
      project_id: d.projectId,
      currency: d.currency,
      tax_rate_bp: d.taxRateBp,
      subtotal: d.totals.subtotal,
      tax: d.totals.tax,
      total: d.totals.total,
      due_on: d.dueOn,
      notes: d.notes,
      created_by: d.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('invoice_lines')
    .values(
      d.totals.lines.map((l, position) => ({
        invoice_id: invoice.id,
        position,
        description: l.description,
        quantity_milli: l.quantityMilli,
        unit_price: l.unitPrice,
        amount: l.amount,
      })),
    )
    .execute();
  return invoice.id;
}

/** The invoice row, locked until the transaction ends; undefined when there is none. */
export function lockInvoice(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('invoices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Who an issued invoice is e-mailed to: the company's contacts, by name. */
export function companyContacts(trx: Transaction<Database>, companyId: string) {
  return trx
    .selectFrom('users')
    .select(['email', 'name'])
    .where('company_id', '=', companyId)
    .orderBy('name')
    .orderBy('email')
    .execute();
}

export async function companyName(trx: Transaction<Database>, id: string): Promise<string | undefined> {
  return (await trx.selectFrom('companies').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

/** The year's next invoice number; its counter row stays locked until commit (no gaps, no twins). */
export async function nextInvoiceNumber(trx: Transaction<Database>, year: number): Promise<number> {
  const { last } = await trx
    .insertInto('invoice_numbers')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('invoice_numbers.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return last;
}

export async function markSent(trx: Transaction<Database>, id: string, number: string): Promise<void> {
  await trx
    .updateTable('invoices')
    .set((eb) => ({
      number,
      status: 'sent',
      issued_at: new Date(),
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .execute();
}

export async function markVoid(trx: Transaction<Database>, id: string): Promise<void> {
  await trx
    .updateTable('invoices')
    .set((eb) => ({ status: 'void', version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .execute();
}

/** A project to invoice hours from (the work tables are read in the same database). */
export const findProject = (db: Kysely<Database>, id: string) =>
  db.selectFrom('projects').select(['id', 'company_id', 'name']).where('id', '=', id).executeTakeFirst();

/** A project's tasks with hours spent, in the order they were made. */
export const tasksWithHours = (db: Kysely<Database>, projectId: string) =>
  db
    .selectFrom('tasks')
    .select(['title', 'hours_spent'])
    .where('project_id', '=', projectId)
    .where('hours_spent', '>', '0')
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** A company's invoices as staff list them, oldest first (what demo seeding reports). */
export const companyInvoices = (db: Kysely<Database>, companyId: string) =>
  db
    .selectFrom('invoices')
    .select(['id', 'number', 'status', 'total'])
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .execute();

// For the scrape-time metrics (billing.metrics.ts).

/** Invoices by status, `overdue` apart: sent or partially paid and past their due date. */
export async function invoiceCountsByStatus(db: Kysely<Database>) {
  const { rows } = await sql<{ status: string; n: string }>`
      select case when status in ('sent', 'partially_paid') and due_on < current_date then 'overdue' else status end as status,
             count(*) as n
      from invoices group by 1`.execute(db);
  return rows;
}
