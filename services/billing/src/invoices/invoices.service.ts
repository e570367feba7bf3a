import type { SessionUser } from '@coppertone/auth';
import { totalsProblems } from '@coppertone/contracts';
import { AppError } from '@coppertone/http';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import type { z } from '@hono/zod-openapi';
import type { BillingDeps } from '../context.ts';
import {
  companyContacts,
  companyExists,
  companyName,
  insertDraft,
  lockInvoice,
  markSent,
  markVoid,
  nextInvoiceNumber,
  projectCompany,
} from './invoices.repo.ts';
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
    if (!(await companyExists(trx, input.companyId)))
      throw new AppError('validation_failed', 'No such company.', { fields: { companyId: 'No such company' } });
    if (input.projectId) {
      if ((await projectCompany(trx, input.projectId)) !== input.companyId) {
        throw new AppError('validation_failed', 'The project is not this company’s.', {
          fields: { projectId: 'Not a project of this company' },
        });
      }
    }
    return insertDraft(trx, {
      companyId: input.companyId,
      projectId: input.projectId ?? null,
      currency: input.currency,
      taxRateBp,
      totals,
      dueOn: input.dueOn,
      notes: input.notes,
      createdBy: actor.userId,
    });
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
    const invoice = await lockInvoice(trx, id);
    if (!invoice) throw new AppError('not_found', 'No such invoice.');
    if (invoice.status !== 'draft') throw new AppError('conflict', `This invoice is already ${invoice.status}.`);
    const contacts = await companyContacts(trx, invoice.company_id);
    if (contacts.length === 0) {
      throw new AppError(
        'conflict',
        `${(await companyName(trx, invoice.company_id)) ?? 'This company'} has no contacts to e-mail the invoice to. Invite someone from the company first; the invoice stays a draft.`,
        { details: { reason: 'no_contacts' } },
      );
    }
    const year = new Date().getUTCFullYear();
    const number = formatInvoiceNumber(year, await nextInvoiceNumber(trx, year));
    await markSent(trx, id, number);
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
    const invoice = await lockInvoice(trx, id);
    if (!invoice) throw new AppError('not_found', 'No such invoice.');
    if (invoice.status === 'void') throw new AppError('conflict', 'This invoice is already void.');
    if (BigInt(invoice.amount_paid) > 0n)
      throw new AppError('conflict', 'This invoice has payments; refund them before voiding.');
    await markVoid(trx, id);
  });
}
