import { redirect } from '@sveltejs/kit';
import type { User } from '#lib/api/identity.ts';

/** Staff pages: clients go to their portal. */
export function staffOnly(user: User): void {
  if (user.role === 'client') redirect(307, '/portal');
}

/** Portal pages: staff and admins go to their workspace. */
export function clientOnly(user: User): void {
  if (user.role !== 'client') redirect(307, '/staff');
}
