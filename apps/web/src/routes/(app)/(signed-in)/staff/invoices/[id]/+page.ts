import { getInvoice } from '#lib/api/billing.ts';
import { invoiceData } from '#lib/components/billing/load.ts';
import { staffOnly } from '#lib/components/billing/staff.ts';

export async function load({ parent, fetch, url, params }) {
  const { user } = await parent();
  staffOnly(user);
  return { invoice: await invoiceData(url, getInvoice(params.id, fetch)) };
}
