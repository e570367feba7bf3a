import { redirect } from '@sveltejs/kit';
import { listProjects } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

/** The portal shows a client company's work; staff and admins have their own workspace. */
export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  if (user.role !== 'client') redirect(307, '/staff');
  const projects = user.companyId ? await signedInData(url, listProjects({ pageSize: 6 }, fetch)) : null;
  return { projects };
}
