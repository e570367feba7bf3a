import { hashToken, looksLikeToken, newToken, type SessionUser } from '@coppertone/auth';
import type { Database } from '@coppertone/db';
import { AppError, isUuid } from '@coppertone/http';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import { type Kysely, sql } from 'kysely';
import { findUserByEmail, findUserById } from '../accounts/accounts.repo.ts';
import type { IdentityDeps } from '../context.ts';
import { inviteMail } from '../mails.ts';
import { mayInvite } from '../policy.ts';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** A client invites into their own company only: another company's id is answered as unknown. */
async function clientInviteCompany(deps: IdentityDeps, actor: SessionUser, companyId?: string): Promise<string> {
  if (!actor.companyId) {
    throw new AppError('forbidden', 'Once your account is linked to your company, you can invite colleagues.');
  }
  if (companyId && companyId !== actor.companyId) throw new AppError('not_found', 'No such company.');
  const company = await deps.db
    .selectFrom('companies')
    .select('client_invites')
    .where('id', '=', actor.companyId)
    .executeTakeFirst();
  if (!company?.client_invites) {
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
      const company = await trx
        .selectFrom('companies')
        .select('name')
        .where('id', '=', input.companyId as string)
        .executeTakeFirst();
      if (!company) throw new AppError('not_found', 'No such company.');
      what = `see ${company.name}'s projects and invoices on Coppertone`;
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
    const row = await trx
      .insertInto('invites')
      .values({
        email: input.email,
        role: input.role,
        company_id: input.role === 'client' ? (input.companyId ?? null) : null,
        invited_by: actor.userId,
        token_hash: hash,
        expires_at: new Date(Date.now() + INVITE_TTL_MS),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const url = `${deps.publicUrl}/auth/register?invite=${token}`;
    await deps.jobs.send(SEND_MAIL_JOB, inviteMail(input.email, inviter?.name ?? 'Coppertone', what, url), { trx });
    return { id: row.id };
  });
}

const liveInvite = (db: Kysely<Database>, token: string) =>
  db
    .selectFrom('invites as i')
    .leftJoin('companies as c', 'c.id', 'i.company_id')
    .select(['i.id', 'i.email', 'i.role', 'i.company_id', 'c.name as companyName'])
    .where('i.token_hash', '=', hashToken(token))
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', sql<Date>`now()`);

/** What the register page shows for an invitation link. */
export async function describeInvite(db: Kysely<Database>, token: string) {
  const invite = looksLikeToken(token) ? await liveInvite(db, token).executeTakeFirst() : undefined;
  if (!invite) throw new AppError('not_found', 'This invitation is invalid, used or expired.');
  return { email: invite.email, role: invite.role, companyName: invite.companyName };
}

/** Uses an invitation up, atomically, inside the registering transaction. */
export async function acceptInvite(db: Kysely<Database>, token: string) {
  const invalid = new AppError('validation_failed', 'This invitation is invalid, used or expired.', {
    fields: { inviteToken: 'invalid or expired' },
  });
  if (!looksLikeToken(token)) throw invalid;
  const row = await db
    .updateTable('invites')
    .set({ accepted_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['email', 'role', 'company_id'])
    .executeTakeFirst();
  if (!row) throw invalid;
  return row;
}

/** Invitations, newest first, with who sent each: a client sees their own company's, staff any company's. */
export async function listInvites(deps: IdentityDeps, actor: SessionUser, companyId?: string) {
  const scope = actor.role === 'client' ? actor.companyId : companyId;
  if (actor.role === 'client' && !scope) return [];
  let q = deps.db
    .selectFrom('invites as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .leftJoin('companies as c', 'c.id', 'i.company_id')
    .select([
      'i.id',
      'i.email',
      'i.role',
      'i.company_id as companyId',
      'c.name as companyName',
      'u.name as invitedBy',
      'u.role as invitedByRole',
      'i.created_at',
      'i.accepted_at',
      'i.expires_at',
    ])
    .orderBy('i.created_at', 'desc')
    .limit(200);
  if (scope) q = q.where('i.company_id', '=', scope);
  const rows = await q.execute();
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
  const row = await deps.db
    .selectFrom('companies')
    .select('client_invites')
    .where('id', '=', companyId)
    .executeTakeFirst();
  return row?.client_invites ?? false;
}

/** Turns clients' invitations on or off for a company (admin). */
export async function setClientInvites(deps: IdentityDeps, companyId: string | undefined, allowed: boolean) {
  const res = isUuid(companyId)
    ? await deps.db
        .updateTable('companies')
        .set({ client_invites: allowed })
        .where('id', '=', companyId)
        .executeTakeFirst()
    : undefined;
  if (!res || Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'No such company.');
  return { companyId: companyId as string, clientInvites: allowed };
}
