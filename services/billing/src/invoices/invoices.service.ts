import type { SessionUser } from '@coppertone/auth';
import { totalsProblems } from '@coppertone/contracts';
import { AppError } from '@coppertone/http';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import type { z } from '@hono/zod-openapi';
import type { BillingDeps } from '../context.ts';
import type { createInvoiceInput } from './invoices.schema.ts';
import { computeTotals, formatInvoiceNumber, toBasisPoints, toDecimalString } from './money.ts';

export async function createInvoice(
  deps: BillingDeps,
  actor: SessionUser,
  input: z.infer<typeof createInvoiceInput>,
): Promise<string> {
  const taxRateBp = toBasisPoints(input.taxRate);
  const totals = computeTotals(input.lines, taxRateBp);
  // Zero, or more than the columns and a JSON number hold exactly: refused, never stored or overflowed.
  const problems = totalsProblems({ ...totals, lines: totals.lines.map((l) => l.amount) }, input.currency);
  if (Object.keys(problems).length > 0) {
    const zero = totals.total <= 0n;
    throw new AppError(
      'validation_failed',
      zero ? 'An invoice must total more than zero.' : 'An amount is over the limit.',
      { fields: problems },
    );
  }
  return deps.db.transaction().execute(async (trx) => {
    const company = await trx.selectFrom('companies').select('id').where('id', '=', input.companyId).executeTakeFirst();
    if (!company)
      throw new AppError('validation_failed', 'No such company.', { fields: { companyId: 'No such company' } });
    if (input.projectId) {
      const project = await trx
        .selectFrom('projects')
        .select('company_id')
        .where('id', '=', input.projectId)
        .executeTakeFirst();
      if (project?.company_id !== input.companyId) {
        throw new AppError('validation_failed', 'The project is not this company’s.', {
          fields: { projectId: 'Not a project of this company' },
        });
      }
    }
    const invoice = await trx
      .insertInto('invoices')
      .values({
        company_id: input.companyId,
        project_id: input.projectId ?? null,
        currency: input.currency,
        tax_rate_bp: taxRateBp,
        subtotal: totals.subtotal,
        tax: totals.tax,
        total: totals.total,
        due_on: input.dueOn,
        notes: input.notes,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('invoice_lines')
      .values(
        totals.lines.map((l, position) => ({
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
  });
}

export interface Recipient {
  name: string;
  email: string;
}

/**
 * Issues a draft: takes the next number of the year inside the same transaction (the counter row
 * stays locked until commit, so numbers have no gaps and no twins) and mails the company's contacts.
 * A company with nobody to mail is refused (409) before anything changes: an invoice nobody was
 * told about must not read as sent. Answers who was mailed.
 */
export async function sendInvoice(deps: BillingDeps, id: string): Promise<{ mailedTo: Recipient[] }> {
  return deps.db.transaction().execute(async (trx) => {
    const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!invoice) throw new AppError('not_found', 'No such invoice.');
    if (invoice.status !== 'draft') throw new AppError('conflict', `This invoice is already ${invoice.status}.`);
    const contacts = await trx
      .selectFrom('users')
      .select(['email', 'name'])
      .where('company_id', '=', invoice.company_id)
      .orderBy('name')
      .orderBy('email')
      .execute();
    if (contacts.length === 0) {
      const company = await trx
        .selectFrom('companies')
        .select('name')
        .where('id', '=', invoice.company_id)
        .executeTakeFirst();
      throw new AppError(
        'conflict',
        `${company?.name ?? 'This company'} has no contacts to e-mail the invoice to. Invite someone from the company first; the invoice stays a draft.`,
        { details: { reason: 'no_contacts' } },
      );
    }
    const year = new Date().getUTCFullYear();
    const { last } = await trx
      .insertInto('invoice_numbers')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('invoice_numbers.last', '+', 1) })))
      .returning('last')
      .executeTakeFirstOrThrow();
    const number = formatInvoiceNumber(year, last);
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
    const amount = `${toDecimalString(BigInt(invoice.total), invoice.currency)} ${invoice.currency}`;
    const url = `${deps.publicUrl}/portal/invoices/${id}`;
    for (const c of contacts) {
      await deps.jobs.send(
        SEND_MAIL_JOB,
        {
          to: c.email,
          subject: `Invoice ${number} from Coppertone: ${amount}`,
          text: `Hello ${c.name},\n\nInvoice ${number} for ${amount} is ready. Pay it by card or Bitcoin here: ${url}\n\n— Coppertone`,
        },
        { trx },
      );
    }
    return { mailedTo: contacts.map((c) => ({ name: c.name, email: c.email })) };
  });
}

export async function voidInvoice(deps: BillingDeps, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const invoice = await trx
      .selectFrom('invoices')
      .select(['status', 'amount_paid'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!invoice) throw new AppError('not_found', 'No such invoice.');
    if (invoice.status === 'void') throw new AppError('conflict', 'This invoice is already void.');
    if (BigInt(invoice.amount_paid) > 0n)
      throw new AppError('conflict', 'This invoice has payments; refund them before voiding.');
    await trx
      .updateTable('invoices')
      .set((eb) => ({ status: 'void', version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .execute();
  });
}
