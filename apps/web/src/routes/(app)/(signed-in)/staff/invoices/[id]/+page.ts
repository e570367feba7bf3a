import { getInvoice } from '#lib/api/billing.ts';
import { invoiceData } from '#lib/billing/load.ts';

export async function load({ parent, fetch, url, params }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  return { invoice: await invoiceData(url, getInvoice(params.id, fetch)) };
}
