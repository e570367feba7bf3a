import { error, redirect } from '@sveltejs/kit';
import { isApiError } from '#lib/api/client.ts';
import { loginUrl } from './redirects.ts';
import { setUser } from './session.svelte.ts';

/**
 * Data for a signed-in page's `load`: a 401 means the session ended meanwhile (sign in again and
 * come back); any other failure becomes the error page, with a message people can act on.
 */
export async function signedInData<T>(url: URL, loading: Promise<T>): Promise<T> {
  try {
    return await loading;
  } catch (failure) {
    if (isApiError(failure) && failure.status === 401) {
      setUser(null);
      redirect(307, loginUrl(`${url.pathname}${url.search}`));
    }
    if (isApiError(failure) && failure.status === 403) error(403, 'Your role does not give access to this page.');
    error(503, 'We could not load this page from Coppertone. Please try again in a moment.');
  }
}
