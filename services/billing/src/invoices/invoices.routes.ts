import { requireAuth, type SessionUser } from '@coppertone/auth';
import { AppError, defineRoute, type FunctionApp, isUuid } from '@coppertone/http';
import type { Context } from 'hono';
import type { BillingDeps } from '../context.ts';
import { refreshAttempt, startCheckout } from '../payments/checkout.ts';
import { billingPolicy, presentInvoice, viewerOf } from '../policy.ts';
import { renderInvoicePdf } from './invoice.pdf.ts';
import { invoiceFromProject } from './invoices.from-project.ts';
import { invoiceDetail, listInvoices } from './invoices.repo.ts';
import {
  checkoutInput,
  checkoutSchema,
  createInvoiceInput,
  fromProjectInput,
  invoiceDetailSchema,
  invoiceIdParams,
  invoiceListQuery,
  invoicePageSchema,
  paymentStatusQuery,
  paymentStatusSchema,
  sentInvoiceSchema,
} from './invoices.schema.ts';
import { createInvoice, sendInvoice, voidInvoice } from './invoices.service.ts';
import { defaultSeller } from './seller.ts';

export function registerInvoiceRoutes(app: FunctionApp, deps: BillingDeps): void {
  const seller = deps.seller ?? defaultSeller();
  /** An invoice the actor can see, with the seller block, or 404 whatever the id (no existence leak). */
  const visible = async (actor: SessionUser, id: string) => {
    const detail = await invoiceDetail(deps.db, viewerOf(actor), id);
    if (!detail) throw new AppError('not_found', 'No such invoice.');
    return { ...detail, seller };
  };
  /** The invoice as staff see it after a change, with what the actor may do next. */
  const current = async (actor: SessionUser, id: string) => {
    const detail = await invoiceDetail(deps.db, { kind: 'all' }, id);
    if (!detail) throw new AppError('not_found', 'No such invoice.');
    return presentInvoice(actor, { ...detail, seller });
  };
  /** What staff may answer a new draft with: the draft made by `create` (its id), 201. */
  const createsDraft =
    <B>(create: (deps: BillingDeps, actor: SessionUser, body: B) => Promise<string>) =>
    async ({ c, actor, body }: { c: Context; actor: SessionUser; body: B }) => {
      billingPolicy.authorize(actor, 'invoice.create');
      const id = await create(deps, actor, body);
      return c.json(await current(actor, id), 201);
    };
  /** The answers of both ways to make a draft. */
  const draftResponses = {
    201: { description: 'Created (draft)', schema: invoiceDetailSchema },
    401: 'Not signed in',
    403: 'Staff only',
  };

  defineRoute(app, {
    method: 'get',
    path: '/invoices',
    summary:
      "Invoices the caller can see (clients: their company's, not drafts), newest first; status=open: sent or partially paid; status=overdue: open and past its due date",
    tags: ['invoices'],
    authenticate: (c) => requireAuth(c),
    query: invoiceListQuery,
    cache: 'per-viewer',
    responses: {
      200: { description: 'A page of invoices', schema: invoicePageSchema },
      400: 'Invalid filter',
      401: 'Not signed in',
    },
    handle: async ({ c, actor, query }) => {
      billingPolicy.authorize(actor, 'invoice.list');
      const { items, total } = await listInvoices(deps.db, viewerOf(actor), query);
      return c.json({
        items: items.map((i) => presentInvoice(actor, i)),
        page: query.page,
        pageSize: query.pageSize,
        total,
      });
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/invoices',
    summary: 'Create a draft invoice for a client company (staff)',
    tags: ['invoices'],
    authenticate: (c) => requireAuth(c),
    body: createInvoiceInput,
    responses: { ...draftResponses, 400: 'Invalid fields' },
    handle: createsDraft(createInvoice),
  });

  defineRoute(app, {
    method: 'post',
    path: '/invoices/from-project',
    summary:
      "Create a draft invoice from a project's tracked hours: one line per task with hours, at an hourly rate in minor units (staff); 409 when no task has hours",
    tags: ['invoices'],
    authenticate: (c) => requireAuth(c),
    body: fromProjectInput,
    responses: { ...draftResponses, 400: 'Invalid fields, or no such project', 409: 'No tracked hours' },
    handle: createsDraft(invoiceFromProject),
  });

  defineRoute(app, {
    method: 'get',
    path: '/invoices/{id}',
    summary: 'An invoice with its lines, payments and payment attempts',
    tags: ['invoices'],
    authenticate: (c) => requireAuth(c),
    params: invoiceIdParams,
    cache: 'per-viewer',
    responses: {
      200: { description: 'The invoice', schema: invoiceDetailSchema },
      400: 'Malformed id',
      401: 'Not signed in',
      404: 'No such invoice (or not yours)',
    },
    handle: async ({ c, actor, params }) => {
      const invoice = await visible(actor, params.id);
      billingPolicy.authorize(actor, 'invoice.read');
      return c.json(presentInvoice(actor, invoice));
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/invoices/{id}/pdf',
    summary: 'The invoice as a PDF download',
    tags: ['invoices'],
    authenticate: (c) => requireAuth(c),
    params: invoiceIdParams,
    responses: {
      200: 'application/pdf',
      400: 'Malformed id',
      401: 'Not signed in',
      404: 'No such invoice (or not yours)',
    },
    handle: async ({ c, actor, params }) => {
      const invoice = await visible(actor, params.id);
      billingPolicy.authorize(actor, 'invoice.read');
      const pdf = await renderInvoicePdf(invoice, invoice.seller);
      c.header('content-type', 'application/pdf');
      c.header('content-disposition', `attachment; filename="invoice-${invoice.number ?? 'draft'}.pdf"`);
      c.header('cache-control', 'private, no-store');
      return c.body(new Uint8Array(pdf));
    },
  });

  for (const [action, run, summary, answer] of [
    [
      'send',
      sendInvoice,
      'Issue a draft: number it and e-mail the company’s contacts, answering who was mailed as `mailedTo` (staff); 409 when the company has no contacts',
      sentInvoiceSchema,
    ],
    ['void', voidInvoice, 'Void an unpaid invoice (staff)', invoiceDetailSchema],
  ] as const) {
    defineRoute(app, {
      method: 'post',
      path: `/invoices/{id}/${action}`,
      summary,
      tags: ['invoices'],
      authenticate: (c) => requireAuth(c),
      params: invoiceIdParams,
      responses: {
        200: { description: 'Done', schema: answer },
        400: 'Malformed id',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'No such invoice',
        409: 'Not possible in its status',
      },
      handle: async ({ c, actor, params }) => {
        const invoice = await visible(actor, params.id);
        billingPolicy.authorize(actor, action === 'send' ? 'invoice.send' : 'invoice.void');
        const outcome = await run(deps, invoice.id);
        return c.json({ ...(await current(actor, invoice.id)), ...outcome });
      },
    });
  }

  defineRoute(app, {
    method: 'post',
    path: '/invoices/{id}/checkout',
    summary:
      'Start paying what is due, by card (Stripe Checkout) or Bitcoin (BTCPay); answers the URL to send the payer to',
    tags: ['payments'],
    authenticate: (c) => requireAuth(c),
    params: invoiceIdParams,
    body: checkoutInput,
    responses: {
      201: { description: 'Checkout opened', schema: checkoutSchema },
      400: 'Invalid fields',
      401: 'Not signed in',
      404: 'No such invoice (or not yours)',
      409: 'Paid, void or draft invoices cannot be paid',
      503: 'The provider is not set up or did not answer',
    },
    handle: async ({ c, actor, params, body }) => {
      const invoice = await visible(actor, params.id);
      billingPolicy.authorize(actor, 'invoice.pay');
      return c.json(await startCheckout(deps, actor, invoice.id, body.provider), 201);
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/invoices/{id}/payment-status',
    summary:
      'The truth after a checkout: asks the provider about the attempt (if still open) and answers from our records',
    tags: ['payments'],
    authenticate: (c) => requireAuth(c),
    params: invoiceIdParams,
    query: paymentStatusQuery,
    responses: {
      200: { description: 'Invoice status and the attempt status', schema: paymentStatusSchema },
      400: 'Malformed id',
      401: 'Not signed in',
      404: 'No such invoice or attempt',
    },
    handle: async ({ c, actor, params, query }) => {
      const invoice = await visible(actor, params.id);
      billingPolicy.authorize(actor, 'invoice.read');
      const attemptId = query.attempt;
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
  });
}
