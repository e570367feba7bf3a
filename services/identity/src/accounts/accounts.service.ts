import { createSession, hashPassword } from '@coppertone/auth';
import { AppError } from '@coppertone/http';
import type { IdentityDeps } from '../context.ts';
import { acceptInvite } from '../invites/invites.service.ts';
import { ACCOUNT_MAIL_JOB, type AccountMail } from './accounts.jobs.ts';
import {
  consumeEmailToken,
  findUserByEmail,
  insertUser,
  markEmailConfirmed,
  type UserView,
  userView,
} from './accounts.repo.ts';

type Meta = { userAgent?: string; remoteAddress?: string };
export type SignedIn = { user: UserView; session: Awaited<ReturnType<typeof createSession>> };

/**
 * Self-registration. The answer is the same whether or not the address has an account (no
 * enumeration): a new address gets a confirmation link, an existing one a notice to its owner.
 * The password is hashed either way, and either way the request enqueues one mail job, which issues
 * the link in the worker: the paths differ only by the new row, so timing does not tell either.
 */
export async function register(
  deps: IdentityDeps,
  input: { name: string; email: string; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, input.email);
    if (!existing) await insertUser(trx, { email: input.email, name: input.name, passwordHash, role: 'client' });
    const mail: AccountMail = { purpose: existing ? 'already-registered' : 'confirm', email: input.email };
    await deps.jobs.send(ACCOUNT_MAIL_JOB, mail, { trx });
  });
}

/** Registration through an invitation: the link proves the address, so the account starts confirmed. */
export async function registerWithInvite(
  deps: IdentityDeps,
  input: { name: string; password: string; inviteToken: string },
  meta: Meta,
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  const userId = await deps.db.transaction().execute(async (trx) => {
    const invite = await acceptInvite(trx, input.inviteToken);
    if (await findUserByEmail(trx, invite.email)) {
      throw new AppError('conflict', 'An account with this e-mail already exists: sign in instead.');
    }
    const user = await insertUser(trx, {
      email: invite.email,
      name: input.name,
      passwordHash,
      role: invite.role,
      companyId: invite.company_id,
      confirmed: true,
    });
    return user.id;
  });
  return { user: await userView(deps.db, userId), session: await createSession(deps.db, userId, meta) };
}

/** Confirms the address a link was sent to and signs the user in. */
export async function confirmEmail(deps: IdentityDeps, token: string, meta: Meta): Promise<SignedIn> {
  const userId = await deps.db.transaction().execute(async (trx) => {
    const id = await consumeEmailToken(trx, token, 'confirm');
    if (!id)
      throw new AppError('validation_failed', 'This link is invalid, used or expired.', {
        fields: { token: 'invalid or expired' },
      });
    await markEmailConfirmed(trx, id);
    return id;
  });
  return { user: await userView(deps.db, userId), session: await createSession(deps.db, userId, meta) };
}

/**
 * Sends a fresh confirmation link to an account awaiting confirmation; says nothing about others,
 * and takes as long for them: the request only enqueues the job that looks the address up.
 */
export async function resendConfirmation(deps: IdentityDeps, email: string): Promise<void> {
  await deps.jobs.send<AccountMail>(ACCOUNT_MAIL_JOB, { purpose: 'confirm', email });
}
