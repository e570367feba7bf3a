import { createSession, decoyHash, findSession, revokeSession, verifyPassword } from '@coppertone/auth';
import { AppError, clearRateLimit, enforceRateLimit, forgiveRateLimitHit, type RateLimitRule } from '@coppertone/http';
import { findUserByEmail, userView } from '../accounts/accounts.repo.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { IdentityDeps } from '../context.ts';

/**
 * Guessing is bounded per account without letting a stranger lock its owner out (OWASP
 * Authentication Cheat Sheet, "Account Lockout"): failures are counted per account *and* address,
 * so ten wrong passwords from one address stop that address only, while the owner signs in from
 * any other. Guessing spread over many addresses meets a much higher ceiling per account; to
 * reach it a stranger needs many addresses, and even then the owner waits out the hour at most.
 * Every attempt also counts against its address, whatever the account.
 */
export const LOGIN_LIMITS = {
  /** Attempts from one address, whatever the account. */
  address: { scope: 'login:address', limit: 100, windowSeconds: 15 * 60 },
  /** Failures against one account from one address; a success clears them. */
  accountAddress: { scope: 'login:account-address', limit: 10, windowSeconds: 15 * 60 },
  /** Failures against one account from every address together; a success is not counted. */
  account: { scope: 'login:account', limit: 100, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * Signs in with e-mail and password. Unknown e-mail and wrong password give the same answer after
 * the same work (a decoy hash is verified). The limits above are counted before the password is
 * checked, so concurrent guesses cannot slip past them, and a limited address or pair stops before
 * it counts against the next limit: one address adds at most ten failures to its account's ceiling
 * per window. A new session is created every time, and the session the browser already held, if
 * any, is revoked: the token rotates on login.
 */
export async function login(
  deps: IdentityDeps,
  input: { email: string; password: string },
  meta: { userAgent?: string; remoteAddress: string; previousToken?: string },
): Promise<SignedIn> {
  const account = input.email.toLowerCase();
  const pair = `${account}|${meta.remoteAddress}`;
  await enforceRateLimit(deps.db, LOGIN_LIMITS.address, meta.remoteAddress);
  await enforceRateLimit(deps.db, LOGIN_LIMITS.accountAddress, pair);
  await enforceRateLimit(deps.db, LOGIN_LIMITS.account, account);
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  if (!user || !ok) throw new AppError('unauthenticated', 'E-mail or password is wrong.');
  if (!user.email_confirmed_at) {
    throw new AppError('forbidden', 'Confirm your e-mail address first: we can send the link again.', {
      fields: { email: 'unconfirmed' },
    });
  }
  // Only failures count against an account: a successful sign-in clears its address's and is not
  // counted towards the ceiling (the failures from elsewhere stay counted there).
  await clearRateLimit(deps.db, LOGIN_LIMITS.accountAddress, pair);
  await forgiveRateLimitHit(deps.db, LOGIN_LIMITS.account, account);
  const previous = await findSession(deps.db, meta.previousToken);
  if (previous) await revokeSession(deps.db, previous.sessionId);
  const session = await createSession(deps.db, user.id, meta);
  return { user: await userView(deps.db, user.id), session };
}
