import { isApiError } from '#lib/api/client.ts';
import { logout, logoutEverywhere } from '#lib/api/identity.ts';
import { goto } from '$app/navigation';
import { LOGIN_PATH } from './redirects.ts';
import { setUser } from './session.svelte.ts';

/**
 * Ends this session (or, with `everywhere`, every session of the user) on the server, then shows
 * the sign-in page saying so. A 401 means it had already ended, which is just as good.
 */
export async function signOut(everywhere = false): Promise<void> {
  try {
    if (everywhere) await logoutEverywhere();
    else await logout();
  } catch (error) {
    if (!isApiError(error) || error.status !== 401) throw error;
  }
  setUser(null);
  await goto(`${LOGIN_PATH}?signed-out=${everywhere ? 'everywhere' : 'here'}`, { replace: true });
}
