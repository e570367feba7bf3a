import { currentUser } from '#lib/auth/session.svelte.ts';

// The sign-in pages, the portal, the staff workspace and account settings are rendered in the
// browser: build/200.html is their shell, which the server sends for any path under them.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

export async function load({ fetch }) {
  try {
    await currentUser(fetch);
  } catch {
    // The header shows "Sign in"; pages that need a session ask again and say what went wrong.
  }
  return {};
}
