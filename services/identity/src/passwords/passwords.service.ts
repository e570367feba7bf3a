import {
  createSession,
  decoyHash,
  hashPassword,
  revokeSession,
  revokeUserSessions,
  type SessionUser,
  verifyPassword,
} from '@coppertone/auth';
import { AppError, enforceRateLimit, type RateLimitRule } from '@coppertone/http';
import { ACCOUNT_MAIL_JOB, type AccountMail } from '../accounts/accounts.jobs.ts';
import {
  consumeEmailToken,
  emailTokenRefusal,
  findUserById,
  setPasswordFromReset,
  setPasswordHash,
} from '../accounts/accounts.repo.ts';
import type { IdentityDeps } from '../context.ts';
import { clearLoginFailures } from '../sessions/sessions.service.ts';
export const RESET_LIMITS = {
  account: { scope: 'reset:account', limit: 5, windowSeconds: 3600 },
  address: { scope: 'reset:address', limit: 20, windowSeconds: 3600 },
} satisfies Record<string, RateLimitRule>;

/**
 * Mails a reset link if the address has an account. The answer never says whether one exists, in
 * what it says or in how long it takes: the request only enqueues the job that looks the address
 * up, the same work for any address (see accountMailJob).
 */
export async function forgotPassword(deps: IdentityDeps, email: string, remoteAddress: string): Promise<void> {
  await enforceRateLimit(deps.db, RESET_LIMITS.address, remoteAddress);
  await enforceRateLimit(deps.db, RESET_LIMITS.account, email.toLowerCase());
  await deps.jobs.send<AccountMail>(ACCOUNT_MAIL_JOB, { purpose: 'reset', email });
}

/**
 * Sets a new password from a reset link; every session ends. Following the link also proves the
 * address, and the owner: login failures strangers caused on the account are forgotten.
 */
export async function resetPassword(deps: IdentityDeps, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    const userId = await consumeEmailToken(trx, token, 'reset');
    if (!userId) {
      const why = await emailTokenRefusal(trx, token, 'reset');
      throw new AppError('validation_failed', `This link is ${why === 'invalid' ? 'not valid' : why}.`, {
        fields: { token: why },
      });
    }
    const email = await setPasswordFromReset(trx, userId, passwordHash);
    await revokeUserSessions(trx, userId);
    await clearLoginFailures(trx, email);
  });
}

/** Changes the password of the signed-in user: other sessions end, this one gets a new token. */
export async function changePassword(
  deps: IdentityDeps,
  auth: SessionUser,
  input: { currentPassword: string; newPassword: string },
  meta: { userAgent?: string; remoteAddress?: string },
) {
  const user = await findUserById(deps.db, auth.userId);
  if (!user || !(await verifyPassword(user.password_hash ?? (await decoyHash()), input.currentPassword))) {
    throw new AppError('validation_failed', 'The current password is wrong.', {
      fields: { currentPassword: 'wrong password' },
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, passwordHash);
    await revokeUserSessions(trx, user.id, auth.sessionId);
    await revokeSession(trx, auth.sessionId);
  });
  return createSession(deps.db, user.id, meta);
}
