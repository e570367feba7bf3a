import { createSession, decoyHash, findSession, revokeSession, verifyPassword } from '@coppertone/auth';
import { AppError, clearRateLimit, enforceRateLimit, type RateLimitRule } from '@coppertone/http';
import { findUserByEmail, userView } from '../accounts/accounts.repo.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { IdentityDeps } from '../context.ts';

export const LOGIN_LIMITS = {
  account: { scope: 'login:account', limit: 10, windowSeconds: 15 * 60 },
  address: { scope: 'login:address', limit: 100, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * Signs in with e-mail and password. Unknown e-mail and wrong password give the same answer after
 * the same work (a decoy hash is verified). Every attempt counts against the address; attempts
 * against an account count until one succeeds. A new session is created every time, and the session
 * the browser already held, if any, is revoked: the token rotates on login.
 */
export async function login(
  deps: IdentityDeps,
  input: { email: string; password: string },
  meta: { userAgent?: string; remoteAddress: string; previousToken?: string },
): Promise<SignedIn> {
  await enforceRateLimit(deps.db, LOGIN_LIMITS.address, meta.remoteAddress);
  await enforceRateLimit(deps.db, LOGIN_LIMITS.account, input.email.toLowerCase());
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  if (!user || !ok) throw new AppError('unauthenticated', 'E-mail or password is wrong.');
  if (!user.email_confirmed_at) {
    throw new AppError('forbidden', 'Confirm your e-mail address first: we can send the link again.', {
      fields: { email: 'unconfirmed' },
    });
  }
  // Only failures count against an account: a successful sign-in clears them.
  await clearRateLimit(deps.db, LOGIN_LIMITS.account, input.email.toLowerCase());
  const previous = await findSession(deps.db, meta.previousToken);
  if (previous) await revokeSession(deps.db, previous.sessionId);
  const session = await createSession(deps.db, user.id, meta);
  return { user: await userView(deps.db, user.id), session };
}
