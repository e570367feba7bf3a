import { error } from '@sveltejs/kit';
import { isApiError } from '#lib/api/client.ts';
import { getMessage } from '#lib/api/contact.ts';
import { listWorkCompanies } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

/** One contact message (opening it marks it read) and the companies a project from it could belong to. */
export async function load({ parent, fetch, url, params }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  try {
    const [message, companies] = await Promise.all([getMessage(params.id, fetch), listWorkCompanies(fetch)]);
    return { message, companies };
  } catch (failure) {
    if (isApiError(failure) && failure.status === 404) error(404, 'This message does not exist.');
    return signedInData(url, Promise.reject(failure));
  }
}
