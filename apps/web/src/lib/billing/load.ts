import { error } from '@sveltejs/kit';
import { isApiError } from '#lib/api/client.ts';
import { signedInData } from '#lib/auth/guard.ts';

/** An invoice for a page's `load`: 404 (not there, or not yours) becomes a plain "not found". */
export async function invoiceData<T>(url: URL, loading: Promise<T>): Promise<T> {
  try {
    return await loading;
  } catch (failure) {
    if (isApiError(failure) && failure.status === 404)
      error(404, 'There is no such invoice, or it is not yours to see.');
    return signedInData(url, Promise.reject(failure));
  }
}
