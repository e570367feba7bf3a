import { requireAuth } from '@coppertone/auth';
import { AppError, defineRoute, type FunctionApp, isUuid, pageQuery, requestLog } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import type { BillingDeps } from '../context.ts';
import { refundPayment } from './refunds.ts';

const refundInput = z
  .object({
    paymentId: z.uuid('Payment must be an id'),
    amount: z
      .number({ error: 'Amount must be a number' })
      .int('Amount is an integer in minor units (cents)')
      .positive('Amount must be more than 0')
      .max(Number.MAX_SAFE_INTEGER, 'Amount is too large'),
    note: z.string().trim().max(500, 'Note must be at most 500 characters').default(''),
  })
  .openapi('RefundInput');

export function registerPaymentRoutes(app: FunctionApp, deps: BillingDeps): void {
  defineRoute(
    app,
    {
      method: 'post',
      path: '/invoices/{id}/refunds',
      summary:
        'Refund (part of) one payment through its provider: card by Stripe refund, Bitcoin by a BTCPay refund the client claims (staff)',
      tags: ['payments'],
      authenticate: (c) => requireAuth(c),
      body: refundInput,
      responses: {
        201: {
          description: 'Refunded (or pending at the provider)',
          schema: z.object({ id: z.string(), status: z.string(), claimUrl: z.string().nullable() }),
        },
        400: 'Invalid fields, or more than is left of the payment',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'No such invoice',
        409: 'The provider refused the refund',
        503: 'The provider did not answer; the refund is left pending',
      },
    },
    async (c, body, actor) => {
      const id = c.req.param('id');
      if (actor.role === 'client') {
        // Another company's invoice (or a draft) is not there at all for a client: 404, not 403.
        const own = isUuid(id)
          ? await deps.db
              .selectFrom('invoices')
              .select('id')
              .where('id', '=', id)
              .where('company_id', '=', actor.companyId ?? '00000000-0000-0000-0000-000000000000')
              .where('status', '<>', 'draft')
              .executeTakeFirst()
          : undefined;
        throw own ? new AppError('forbidden', 'Staff only.') : new AppError('not_found', 'No such invoice.');
      }
      if (!isUuid(id)) throw new AppError('not_found', 'No such invoice.');
      return c.json(await refundPayment(deps, actor, requestLog(c), { invoiceId: id, ...body }), 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/payments',
      summary: 'Recorded payments, newest first (staff)',
      tags: ['payments'],
      authenticate: (c) => requireAuth(c, 'staff', 'admin'),
      query: z.object(pageQuery),
      responses: { 200: 'A page of payments', 400: 'Invalid filter', 401: 'Not signed in', 403: 'Staff only' },
    },
    async (c, _b, _auth, q) => {
      const rows = await deps.db
        .selectFrom('payments as p')
        .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
        .select([
          'p.id',
          'p.invoice_id as invoiceId',
          'i.number',
          'p.provider',
          'p.amount',
          'p.currency',
          'p.kind',
          'p.source',
          'p.recorded_at as recordedAt',
        ])
        .orderBy('p.recorded_at', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return c.json({
        items: rows.map((r) => ({ ...r, amount: Number(r.amount) })),
        page: q.page,
        pageSize: q.pageSize,
      });
    },
  );
}
