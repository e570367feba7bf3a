import { redirect } from '@sveltejs/kit';
import { isApiError } from '#lib/api/client.ts';
import { describeInvite, type Invite } from '#lib/api/identity.ts';
import { landingFor } from '#lib/auth/redirects.ts';
import { currentUser } from '#lib/auth/session.svelte.ts';

type InviteState =
  | { kind: 'none' }
  | { kind: 'valid'; token: string; invite: Invite }
  | { kind: 'invalid' }
  | { kind: 'unreachable' };

export async function load({ url, fetch }): Promise<{ invite: InviteState }> {
  const token = url.searchParams.get('invite');
  if (!token) {
    // Signed-in people have an account already.
    const user = await currentUser().catch(() => null);
    if (user) redirect(307, landingFor(user));
    return { invite: { kind: 'none' } };
  }
  try {
    return { invite: { kind: 'valid', token, invite: await describeInvite(token, fetch) } };
  } catch (error) {
    return { invite: { kind: isApiError(error) && error.status === 404 ? 'invalid' : 'unreachable' } };
  }
}
