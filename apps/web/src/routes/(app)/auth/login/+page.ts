import { redirect } from '@sveltejs/kit';
import { destinationFor, isAppPath, landingFor } from '#lib/auth/redirects.ts';
import { currentUser } from '#lib/auth/session.svelte.ts';

/** Already signed in (the public site's "Sign in" link is always there): straight on. */
export async function load({ url }) {
  const user = await currentUser().catch(() => null);
  if (user) {
    const destination = destinationFor(user, url.searchParams.get('next'));
    redirect(307, isAppPath(destination) ? destination : landingFor(user));
  }
}
