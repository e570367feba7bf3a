import { redirect } from '@sveltejs/kit';
import { getInvoice } from '#lib/api/billing.ts';
import { invoiceData } from '#lib/components/billing/load.ts';

export async function load({ parent, fetch, url, params }) {
  const { user } = await parent();
  if (user.role !== 'client') redirect(307, `/staff/invoices/${encodeURIComponent(params.id)}`);
  return { invoice: await invoiceData(url, getInvoice(params.id, fetch)), attemptId: url.searchParams.get('attempt') };
}
