import { listCompanies, listInvites, listUsers, listWaiting } from '#lib/api/identity.ts';
import { signedInData } from '#lib/auth/guard.ts';

/** The workspace home; admins also see everyone's account. */
// The inbox's unread count is in the inbox itself: the contact function is not asked here.
export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  const [companies, users, waiting, invites] = await signedInData(
    url,
    Promise.all([
      listCompanies(fetch),
      user.role === 'admin' ? listUsers(fetch) : Promise.resolve(null),
      listWaiting(fetch),
      listInvites(fetch),
    ]),
  );
  return { companies, users, waiting, invites: invites.invites };
}
