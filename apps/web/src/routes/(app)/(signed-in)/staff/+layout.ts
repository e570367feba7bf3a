import { redirect } from '@sveltejs/kit';
import { areaRedirect } from '#lib/auth/areas.ts';

/** The staff workspace's one role guard: a client who follows a staff link lands in their portal. */
export async function load({ parent, url }) {
  const { user } = await parent();
  const elsewhere = areaRedirect(user.role, url.pathname);
  if (elsewhere) redirect(307, elsewhere);
}
