import { announceRevoked, type SessionUser } from '@coppertone/auth';
import { AppError, isUuid } from '@coppertone/http';
import { SEND_MAIL_JOB } from '@coppertone/mail';
import { userView } from '../accounts/accounts.repo.ts';
import type { IdentityDeps } from '../context.ts';
import { linkedMail } from '../mails.ts';
import { companyName, listWaitingUsers, lockUser, setUserCompany, userName } from './links.repo.ts';

/** Who waits for access: client accounts, confirmed, in no company, oldest first. */
export async function listWaiting(deps: IdentityDeps) {
  const rows = await listWaitingUsers(deps.db);
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, registeredAt: r.created_at.toISOString() }));
}

/**
 * Links a waiting client account to a company and e-mails the person. Their live sessions are kept
 * (nobody is signed out) but every session cache forgets them, so the next request reads the new
 * company and the portal shows it at once.
 */
export async function linkToCompany(
  deps: IdentityDeps,
  actor: SessionUser,
  userId: string | undefined,
  companyId: string,
) {
  if (!isUuid(userId)) throw new AppError('not_found', 'No such person.');
  const linked = await deps.db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, userId);
    if (!user) throw new AppError('not_found', 'No such person.');
    if (user.role !== 'client') {
      throw new AppError('conflict', 'Staff and admins belong to no client company.');
    }
    if (user.company_id) throw new AppError('conflict', 'This person is already linked to a company.');
    if (!user.email_confirmed_at)
      throw new AppError('conflict', 'This person has not confirmed their e-mail address yet.');
    const company = await companyName(trx, companyId);
    if (company === undefined) {
      throw new AppError('validation_failed', 'No such company.', { fields: { companyId: 'No such company' } });
    }
    await setUserCompany(trx, userId, companyId);
    const by = await userName(trx, actor.userId);
    await deps.jobs.send(
      SEND_MAIL_JOB,
      linkedMail(user.email, user.name, by ?? 'Coppertone', company, `${deps.publicUrl}/portal`),
      { trx },
    );
    return true;
  });
  // After the commit, so a cache that re-reads at once sees the company. Announced as a revocation of
  // the user's sessions: the caches drop them and read them again (the rows are still there).
  if (linked) await announceRevoked(deps.db, { userId });
  return userView(deps.db, userId);
}
