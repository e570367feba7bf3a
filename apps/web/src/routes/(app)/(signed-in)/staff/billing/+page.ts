import { listInvoices, webhookHealth } from '#lib/api/billing.ts';
import { signedInData } from '#lib/auth/guard.ts';
import { staffOnly } from '#lib/components/billing/staff.ts';

export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  staffOnly(user);
  const [providers, overpaid] = await Promise.all([
    signedInData(url, webhookHealth(fetch)),
    signedInData(url, listInvoices({ status: 'overpaid', pageSize: 100 }, fetch)),
  ]);
  return { providers, overpaid: overpaid.items };
}
