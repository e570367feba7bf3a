import { redirect } from '@sveltejs/kit';
import type { User } from '#lib/api/identity.ts';

/** Staff billing pages: clients go to their portal's invoices. */
export function staffOnly(user: User): void {
  if (user.role === 'client') redirect(307, '/portal/invoices');
}
