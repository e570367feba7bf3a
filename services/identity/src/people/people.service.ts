import { revokeUserSessions } from '@coppertone/auth';
import type { Role } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import type { IdentityDeps } from '../context.ts';
import { countAdmins, lockUserRole, setRole } from './people.repo.ts';

/**
 * Gives someone another role and ends their sessions, so the new role applies at once. The last
 * admin cannot stop being one (the platform would have nobody to run it).
 */
export async function changeRole(deps: IdentityDeps, id: string, role: Role): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const target = await lockUserRole(trx, id);
    if (!target) throw new AppError('not_found', 'No such user.');
    if (target.role === role) return;
    if (target.role === 'admin' && (await countAdmins(trx)) <= 1)
      throw new AppError('conflict', 'This is the last admin; make someone else admin first.');
    await setRole(trx, id, role);
    await revokeUserSessions(trx, id);
  });
}
