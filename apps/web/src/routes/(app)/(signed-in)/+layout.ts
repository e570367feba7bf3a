import { error, redirect } from '@sveltejs/kit';
import { loginUrl } from '#lib/auth/redirects.ts';
import { currentUser } from '#lib/auth/session.svelte.ts';

/** The portal, the staff workspace and account settings need a session: signed out, sign in first. */
export async function load({ fetch, url }) {
  let user: Awaited<ReturnType<typeof currentUser>>;
  try {
    user = await currentUser(fetch);
  } catch {
    error(503, 'We could not reach Coppertone to check that you are signed in. Please try again in a moment.');
  }
  if (!user) redirect(307, loginUrl(`${url.pathname}${url.search}`));
  return { user };
}
