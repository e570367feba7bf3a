/**
 * Who is signed in, as the client-rendered pages know it. The session itself is an HttpOnly cookie
 * the browser never reads; this only remembers the answer of `GET /me` (and of sign-in, confirm and
 * sign-out) so that the header and the guards do not ask on every navigation.
 */

import { isApiError } from '#lib/api/client.ts';
import { me, type User } from '#lib/api/identity.ts';
import { goto } from '$app/navigation';
import { loginUrl } from './redirects.ts';

const state = $state<{ user: User | null }>({ user: null });
let known: Promise<User | null> | undefined;

export const session = {
  /** The signed-in user, or null (also before the first check). */
  get user(): User | null {
    return state.user;
  },
};

/** The signed-in user, or null when signed out. Throws when the server cannot say (network, 5xx). */
export function currentUser(fetch?: typeof globalThis.fetch): Promise<User | null> {
  known ??= me(fetch).then(
    (user) => {
      state.user = user;
      return user;
    },
    (error: unknown) => {
      if (isApiError(error) && error.status === 401) {
        state.user = null;
        return null;
      }
      known = undefined;
      throw error;
    },
  );
  return known;
}

/** After sign-in, confirmation, a name change, or sign-out (null). */
export function setUser(user: User | null): void {
  state.user = user;
  known = Promise.resolve(user);
}

/** The server said 401 on a signed-in page: the session ended elsewhere. Back to sign-in, then here. */
export async function sessionEnded(): Promise<void> {
  setUser(null);
  await goto(loginUrl(`${location.pathname}${location.search}`), { replace: true });
}
