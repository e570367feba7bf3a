import { redirect } from '@sveltejs/kit';

// Nothing lives at /auth itself.
export function load() {
  redirect(307, '/auth/login');
}
