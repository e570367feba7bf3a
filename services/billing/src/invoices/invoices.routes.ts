import { requireAuth, type SessionUser } from '@coppertone/auth';
import { AppError, defineRoute, type FunctionApp, isUuid } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { BillingDeps } from '../context.ts';
import { refreshAttempt, startCheckout } from '../payments/checkout.ts';
import { renderInvoicePdf } from './invoice.pdf.ts';
import { invoiceFromProject } from './invoices.from-project.ts';
import { invoiceDetail, invoicesQuery, PAYABLE_STATUSES, toInvoiceView, type Viewer } from './invoices.repo.ts';
import {
  checkoutInput,
  createInvoiceInput,
  fromProjectInput,
  invoiceListQuery,
  invoiceSchema,
} from './invoices.schema.ts';
import { createInvoice, sendInvoice, voidInvoice } from './invoices.service.ts';
import { defaultSeller } from './seller.ts';

const viewerOf = (a: SessionUser): Viewer =>
  a.role === 'client' ? { kind: 'company', companyId: a.companyId } : { kind: 'all' };
const staffOnly = (a: SessionUser) => {
  if (a.role === 'client') throw new AppError('forbidden', 'Staff only.');
};

export function registerInvoiceRoutes(app: FunctionApp, deps: BillingDeps): void {
  const seller = deps.seller ?? defaultSeller();
  /** An invoice the actor can see, with the seller block, or 404 whatever the id (no existence leak). */
  const visible = async (actor: SessionUser, id: string | undefined) => {
    const detail = isUuid(id) ? await invoiceDetail(deps.db, viewerOf(actor), id) : undefined;
    if (!detail) throw new AppError('not_found', 'No such invoice.');
    return { ...detail, seller };
  };

  defineRoute(
    app,
    {
      method: 'get',
      path: '/invoices',
      summary:
        "Invoices the caller can see (clients: their company's, not drafts), newest first; status=open: sent or partially paid; status=overdue: open and past its due date",
      tags: ['invoices'],
      authenticate: (c) => requireAuth(c),
      query: invoiceListQuery,
      responses: {
        200: {
          description: 'A page of invoices',
          schema: z.object({ items: z.array(invoiceSchema), total: z.number() }),
        },
        400: 'Invalid filter',
        401: 'Not signed in',
      },
    },
    async (c, _b, actor, q) => {
      let query = invoicesQuery(deps.db, viewerOf(actor));
      if (q.status === 'open') query = query.where('i.status', 'in', PAYABLE_STATUSES);
      else if (q.status === 'overdue')
        query = query.where('i.status', 'in', PAYABLE_STATUSES).where('i.due_on', '<', sql<string>`current_date`);
      else if (q.status) query = query.where('i.status', '=', q.status);
      if (q.company) query = query.where('i.company_id', '=', q.company);
      const [rows, count] = await Promise.all([
        query
          .orderBy('i.created_at', 'desc')
          .orderBy('i.id')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return c.json({ items: rows.map(toInvoiceView), page: q.page, pageSize: q.pageSize, total: Number(count.n) });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/invoices',
      summary: 'Create a draft invoice for a client company (staff)',
      tags: ['invoices'],
      authenticate: (c) => requireAuth(c),
      body: createInvoiceInput,
      responses: {
        201: { description: 'Created (draft)', schema: invoiceSchema },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Staff only',
      },
    },
    async (c, body, actor) => {
      staffOnly(actor);
      const id = await createInvoice(deps, actor, body);
      return c.json({ ...(await invoiceDetail(deps.db, { kind: 'all' }, id)), seller }, 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/invoices/from-project',
      summary:
        "Create a draft invoice from a project's tracked hours: one line per task with hours, at an hourly rate in minor units (staff); 409 when no task has hours",
      tags: ['invoices'],
      authenticate: (c) => requireAuth(c),
      body: fromProjectInput,
      responses: {
        201: { description: 'Created (draft)', schema: invoiceSchema },
        400: 'Invalid fields, or no such project',
        401: 'Not signed in',
        403: 'Staff only',
        409: 'No tracked hours',
      },
    },
    async (c, body, actor) => {
      staffOnly(actor);
      const id = await invoiceFromProject(deps, actor, body);
      return c.json({ ...(await invoiceDetail(deps.db, { kind: 'all' }, id)), seller }, 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/invoices/{id}',
      summary: 'An invoice with its lines, payments and payment attempts',
      tags: ['invoices'],
      authenticate: (c) => requireAuth(c),
      responses: {
        200: { description: 'The invoice', schema: invoiceSchema },
        401: 'Not signed in',
        404: 'No such invoice (or not yours)',
      },
    },
    async (c, _b, actor) => c.json(await visible(actor, c.req.param('id'))),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/invoices/{id}/pdf',
      summary: 'The invoice as a PDF download',
      tags: ['invoices'],
      authenticate: (c) => requireAuth(c),
      responses: { 200: 'application/pdf', 401: 'Not signed in', 404: 'No such invoice (or not yours)' },
    },
    async (c, _b, actor) => {
      const invoice = await visible(actor, c.req.param('id'));
      const pdf = await renderInvoicePdf(invoice, invoice.seller);
      c.header('content-type', 'application/pdf');
      c.header('content-disposition', `attachment; filename="invoice-${invoice.number ?? 'draft'}.pdf"`);
      c.header('cache-control', 'private, no-store');
      return c.body(new Uint8Array(pdf));
    },
  );

  for (const [action, run, summary] of [
    [
      'send',
      sendInvoice,
      'Issue a draft: number it and e-mail the company’s contacts, answering who was mailed as `mailedTo` (staff); 409 when the company has no contacts',
    ],
    ['void', voidInvoice, 'Void an unpaid invoice (staff)'],
  ] as const) {
    defineRoute(
      app,
      {
        method: 'post',
        path: `/invoices/{id}/${action}`,
        summary,
        tags: ['invoices'],
        authenticate: (c) => requireAuth(c),
        responses: {
          200: { description: 'Done', schema: invoiceSchema },
          401: 'Not signed in',
          403: 'Staff only',
          404: 'No such invoice',
          409: 'Not possible in its status',
        },
      },
      async (c, _b, actor) => {
        const invoice = await visible(actor, c.req.param('id'));
        staffOnly(actor);
        const outcome = await run(deps, invoice.id);
        return c.json({ ...(await invoiceDetail(deps.db, { kind: 'all' }, invoice.id)), seller, ...outcome });
      },
    );
  }

  defineRoute(
    app,
    {
      method: 'post',
      path: '/invoices/{id}/checkout',
      summary:
        'Start paying what is due, by card (Stripe Checkout) or Bitcoin (BTCPay); answers the URL to send the payer to',
      tags: ['payments'],
      authenticate: (c) => requireAuth(c),
      body: checkoutInput,
      responses: {
        201: {
          description: 'Checkout opened',
          schema: z.object({ attemptId: z.string(), url: z.string(), testMode: z.boolean() }),
        },
        400: 'Invalid fields',
        401: 'Not signed in',
        404: 'No such invoice (or not yours)',
        409: 'Paid, void or draft invoices cannot be paid',
        503: 'The provider is not set up or did not answer',
      },
    },
    async (c, body, actor) => {
      const invoice = await visible(actor, c.req.param('id'));
      return c.json(await startCheckout(deps, actor, invoice.id, body.provider), 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/invoices/{id}/payment-status',
      summary:
        'The truth after a checkout: asks the provider about the attempt (if still open) and answers from our records',
      tags: ['payments'],
      authenticate: (c) => requireAuth(c),
      responses: {
        200: 'Invoice status and the attempt status',
        401: 'Not signed in',
        404: 'No such invoice or attempt',
      },
    },
    async (c, _b, actor) => {
      const invoice = await visible(actor, c.req.param('id'));
      const attemptId = c.req.query('attempt');
      const attempt = isUuid(attemptId) ? invoice.attempts.find((a) => a.id === attemptId) : undefined;
      if (attemptId && !attempt) throw new AppError('not_found', 'No such payment attempt.');
      if (attempt) await refreshAttempt(deps, attempt.id, 'return').catch(() => undefined);
      const fresh = await visible(actor, invoice.id);
      return c.json({
        status: fresh.status,
        amountDue: fresh.amountDue,
        amountPaid: fresh.amountPaid,
        attempt: attempt ? fresh.attempts.find((a) => a.id === attempt.id) : undefined,
      });
    },
  );
}
