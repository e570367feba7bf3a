import { redirect } from '@sveltejs/kit';
import { areaRedirect } from '#lib/auth/areas.ts';

/** The client portal's one role guard: staff and admins who follow a portal link land in their workspace. */
export async function load({ parent, url }) {
  const { user } = await parent();
  const elsewhere = areaRedirect(user.role, url.pathname);
  if (elsewhere) redirect(307, elsewhere);
}
