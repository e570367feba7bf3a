import { listInvoices, webhookHealth } from '#lib/api/billing.ts';
import { signedInData } from '#lib/auth/guard.ts';

export async function load({ parent, fetch, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  const [providers, overpaid] = await Promise.all([
    signedInData(url, webhookHealth(fetch)),
    signedInData(url, listInvoices({ status: 'overpaid', pageSize: 100 }, fetch)),
  ]);
  return { providers, overpaid: overpaid.items };
}
