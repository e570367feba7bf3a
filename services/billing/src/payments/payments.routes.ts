import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp, pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import type { BillingDeps } from '../context.ts';

export function registerPaymentRoutes(app: FunctionApp, deps: BillingDeps): void {
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
