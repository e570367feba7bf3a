import { listInvoices } from '#lib/api/billing.ts';
import { listInvites } from '#lib/api/identity.ts';
import { listProjects } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

/** The portal shows a client company's work and what it has to pay; staff and admins have their own workspace. */
export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  if (!user.companyId) return { projects: null, toPay: null, team: null };
  const [projects, toPay, team] = await Promise.all([
    signedInData(url, listProjects({ pageSize: 6 }, fetch)),
    signedInData(url, listInvoices({ status: 'open', pageSize: 50 }, fetch)),
    signedInData(url, listInvites(fetch)),
  ]);
  return { projects, toPay, team };
}
