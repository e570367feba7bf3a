import { redirect } from '@sveltejs/kit';

/** The portal shows a client company's work; staff and admins have their own workspace. */
export async function load({ parent }) {
  const { user } = await parent();
  if (user.role !== 'client') redirect(307, '/staff');
}
