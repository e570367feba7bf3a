import { webhookHealth } from '#lib/api/billing.ts';
import { signedInData } from '#lib/auth/guard.ts';
import { staffOnly } from '#lib/components/billing/staff.ts';

export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  staffOnly(user);
  return { providers: await signedInData(url, webhookHealth(fetch)) };
}
