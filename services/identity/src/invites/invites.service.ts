import { hashToken, looksLikeToken, newToken, type SessionUser } from '@coppertone/auth';
import type { Database } from '@coppertone/db';
import { AppError, isUuid } from '@coppertone/http';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { findUserByEmail, findUserById } from '../accounts/accounts.repo.ts';
import type { IdentityDeps } from '../context.ts';
import { inviteMail } from '../mails.ts';
import { mayInvite } from '../policy.ts';
import {
  companyClientInvites,
  companyName,
  findLiveInvite,
  insertInvite,
  listInviteRows,
  updateClientInvites,
  useInvite,
} from './invites.repo.ts';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** A client invites into their own company only: another company's id is answered as unknown. */
async function clientInviteCompany(deps: IdentityDeps, actor: SessionUser, companyId?: string): Promise<string> {
  if (!actor.companyId) {
    throw new AppError('forbidden', 'Once your account is linked to your company, you can invite colleagues.');
  }
  if (companyId && companyId !== actor.companyId) throw new AppError('not_found', 'No such company.');
  if (!(await companyClientInvites(deps.db, actor.companyId))) {
    throw new AppError(
      'forbidden',
      'Inviting colleagues is turned off for your company: ask Coppertone to invite them.',
    );
  }
  return actor.companyId;
}

export async function createInvite(
  deps: IdentityDeps,
  actor: SessionUser,
  request: { email: string; role: 'client' | 'staff'; companyId?: string },
): Promise<{ id: string }> {
  let input = request;
  // Who may invite whom is the policy table's (invite.staff, invite.client).
  if (!mayInvite(actor, input.role)) {
    throw new AppError('forbidden', `Your role cannot invite ${input.role} users.`);
  }
  if (actor.role === 'client') input = { ...input, companyId: await clientInviteCompany(deps, actor, input.companyId) };
  if (input.role === 'client' && !input.companyId) {
    throw new AppError('validation_failed', 'A client contact belongs to a company.', {
      fields: { companyId: 'Company is required' },
    });
  }
  return deps.db.transaction().execute(async (trx) => {
    let what = 'join the Coppertone team';
    if (input.role === 'client') {
      const name = await companyName(trx, input.companyId as string);
      if (name === undefined) throw new AppError('not_found', 'No such company.');
      what = `see ${name}'s projects and invoices on Coppertone`;
    }
    const existing = await findUserByEmail(trx, input.email);
    if (existing?.role === 'client' && !existing.company_id && existing.email_confirmed_at) {
      // Someone who registered on their own and waits for access: linking is the way (POST /users/{id}/company).
      throw new AppError(
        'conflict',
        'This address has an account waiting for access: link it to the company instead.',
        {
          fields: { email: 'Has an account waiting for access: link it instead' },
        },
      );
    }
    if (existing) {
      throw new AppError('conflict', 'This address already has an account: change its role or company instead.', {
        fields: { email: 'Already has an account' },
      });
    }
    const inviter = await findUserById(trx, actor.userId);
    const { token, hash } = newToken();
    const id = await insertInvite(trx, {
      email: input.email,
      role: input.role,
      companyId: input.role === 'client' ? (input.companyId ?? null) : null,
      invitedBy: actor.userId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + INVITE_TTL_MS),
    });
    const url = `${deps.publicUrl}/auth/register?invite=${token}`;
    await deps.jobs.send(SEND_MAIL_JOB, inviteMail(input.email, inviter?.name ?? 'Coppertone', what, url), { trx });
    return { id };
  });
}

/** What the register page shows for an invitation link. */
export async function describeInvite(db: Kysely<Database>, token: string) {
  const invite = looksLikeToken(token) ? await findLiveInvite(db, hashToken(token)) : undefined;
  if (!invite) throw new AppError('not_found', 'This invitation is invalid, used or expired.');
  return { email: invite.email, role: invite.role, companyName: invite.companyName };
}

/** Uses an invitation up, atomically, inside the registering transaction. */
export async function acceptInvite(db: Kysely<Database>, token: string) {
  const invalid = new AppError('validation_failed', 'This invitation is invalid, used or expired.', {
    fields: { inviteToken: 'invalid or expired' },
  });
  if (!looksLikeToken(token)) throw invalid;
  const row = await useInvite(db, hashToken(token));
  if (!row) throw invalid;
  return row;
}

/** Invitations, newest first, with who sent each: a client sees their own company's, staff any company's. */
export async function listInvites(deps: IdentityDeps, actor: SessionUser, companyId?: string) {
  const scope = actor.role === 'client' ? actor.companyId : companyId;
  if (actor.role === 'client' && !scope) return [];
  const rows = await listInviteRows(deps.db, scope);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    companyId: r.companyId,
    companyName: r.companyName,
    invitedBy: r.invitedBy,
    invitedByRole: r.invitedByRole,
    createdAt: r.created_at.toISOString(),
    state: r.accepted_at
      ? ('accepted' as const)
      : r.expires_at < new Date()
        ? ('expired' as const)
        : ('pending' as const),
  }));
}

/** Whether `companyId`'s contacts may invite colleagues (a client asks about their own company). */
export async function clientInvitesAllowed(deps: IdentityDeps, companyId: string | null): Promise<boolean> {
  if (!companyId) return false;
  return (await companyClientInvites(deps.db, companyId)) ?? false;
}

/** Turns clients' invitations on or off for a company (admin). */
export async function setClientInvites(deps: IdentityDeps, companyId: string | undefined, allowed: boolean) {
  if (!isUuid(companyId) || !(await updateClientInvites(deps.db, companyId, allowed)))
    throw new AppError('not_found', 'No such company.');
  return { companyId: companyId as string, clientInvites: allowed };
}
