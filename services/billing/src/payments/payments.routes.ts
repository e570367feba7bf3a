import { requireAuth } from '@coppertone/auth';
import { AppError, defineRoute, type FunctionApp, requestLog } from '@coppertone/http';
import type { BillingDeps } from '../context.ts';
import { invoiceVisible } from '../invoices/invoices.repo.ts';
import { invoiceIdParams } from '../invoices/invoices.schema.ts';
import { billingPolicy, signedIn, viewerOf } from '../policy.ts';
import { listPayments } from './payments.repo.ts';
import { paymentListQuery, paymentPageSchema, refundInput, refundResultSchema } from './payments.schema.ts';
import { refundPayment } from './refunds.ts';

export function registerPaymentRoutes(app: FunctionApp, deps: BillingDeps): void {
  defineRoute(app, {
    method: 'post',
    path: '/invoices/{id}/refunds',
    summary:
      'Refund (part of) one payment through its provider: card by Stripe refund, Bitcoin by a BTCPay refund the client claims (staff)',
    tags: ['payments'],
    authenticate: (c) => requireAuth(c),
    params: invoiceIdParams,
    body: refundInput,
    responses: {
      201: {
        description: 'Refunded (or pending at the provider)',
        schema: refundResultSchema,
      },
      400: 'Invalid fields, or more than is left of the payment',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such invoice',
      409: 'The provider refused the refund',
      503: 'The provider did not answer; the refund is left pending',
    },
    handle: async ({ c, actor, params, body }) => {
      // Another company's invoice (or a draft) is not there at all for a client: 404, not 403.
      if (!(await invoiceVisible(deps.db, viewerOf(actor), params.id)))
        throw new AppError('not_found', 'No such invoice.');
      billingPolicy.authorize(actor, 'invoice.refund');
      return c.json(await refundPayment(deps, actor, requestLog(c), { invoiceId: params.id, ...body }), 201);
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/payments',
    summary: 'Recorded payments, newest first (staff)',
    tags: ['payments'],
    authenticate: signedIn('payment.list'),
    query: paymentListQuery,
    cache: 'per-viewer',
    responses: {
      200: { description: 'A page of payments', schema: paymentPageSchema },
      400: 'Invalid filter',
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c, query }) =>
      c.json({ items: await listPayments(deps.db, query), page: query.page, pageSize: query.pageSize }),
  });
}
