import { redirect } from '@sveltejs/kit';
import { listInvoices } from '#lib/api/billing.ts';
import { signedInData } from '#lib/auth/guard.ts';

/** A client company's invoices (never drafts); staff have their own list. */
export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  if (!user.companyId) redirect(307, '/portal');
  return { invoices: await signedInData(url, listInvoices({ pageSize: 100 }, fetch)) };
}
