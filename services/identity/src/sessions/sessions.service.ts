import { createSession, decoyHash, findSession, revokeSession, verifyPassword } from '@coppertone/auth';
import type { Database } from '@coppertone/db';
import {
  AppError,
  clearRateLimit,
  enforceRateLimit,
  forgiveRateLimitHit,
  type RateLimitRule,
  rateLimitKey,
} from '@coppertone/http';
import type { Kysely } from 'kysely';
import { findUserByEmail, userView } from '../accounts/accounts.repo.ts';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { IdentityDeps } from '../context.ts';
import { clearRateLimitsByPrefix } from './sessions.repo.ts';

/**
 * Guessing is bounded per account without letting a stranger lock its owner out (OWASP
 * Authentication Cheat Sheet, "Account Lockout"): failures are counted per account *and* address,
 * so ten wrong passwords from one address stop that address only, while the owner signs in from
 * any other. Guessing spread over many addresses meets a much higher ceiling per account; to
 * reach it a stranger needs many addresses, and even then the owner need not wait out the hour: a
 * completed password reset forgets the account's failures (the cheat sheet's own answer to lockout
 * used as denial of service). Every attempt also counts against its address, whatever the account.
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

/**
 * Forgets every login failure counted against an account, from every address. Called when a
 * password reset completes: following the mailed link proves the owner, who may then sign in at once
 * even while strangers' guessing holds the account at its ceiling.
 */
export async function clearLoginFailures(db: Kysely<Database>, email: string): Promise<void> {
  const account = email.toLowerCase();
  await clearRateLimit(db, LOGIN_LIMITS.account, account);
  // An address never contains "|" after a whole e-mail address, so this prefix names this account's pairs only.
  const pairs = rateLimitKey(LOGIN_LIMITS.accountAddress, `${account}|`);
  await clearRateLimitsByPrefix(db, pairs);
}
