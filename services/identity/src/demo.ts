import { hashPassword } from '@coppertone/auth';
import type { Database } from '@coppertone/db';
import type { Kysely } from 'kysely';
import { anyUser, insertCompany, insertConfirmedUsers } from './accounts/accounts.repo.ts';

export const DEMO_PASSWORD = 'coppertone-demo';
export const DEMO_COMPANY = 'Demo Client Ltd';
export const DEMO_USERS = [
  { email: 'admin@demo.test', name: 'Avery Admin', role: 'admin' },
  { email: 'staff@demo.test', name: 'Sam Staff', role: 'staff' },
  { email: 'client@demo.test', name: 'Casey Client', role: 'client' },
] as const;

/**
 * Demo accounts for a new embedded database. Refuses to touch a database that has any user, so it
 * can never add a known password to real data; callers also skip it in production.
 */
export async function seedDemoAccounts(db: Kysely<Database>): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    if (await anyUser(trx)) return false;
    const company = await insertCompany(trx, DEMO_COMPANY);
    await insertConfirmedUsers(
      trx,
      DEMO_USERS.map((u) => ({
        email: u.email,
        name: u.name,
        role: u.role,
        passwordHash,
        companyId: u.role === 'client' ? company.id : null,
      })),
    );
    return true;
  });
}
