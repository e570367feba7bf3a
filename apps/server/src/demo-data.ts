import type { SessionUser } from '@coppertone/auth';
import { type BillingDeps, type DemoInvoicesOptions, seedDemoInvoices } from '@coppertone/billing';
import { DEMO_USERS, seedDemoAccounts } from '@coppertone/identity';
import { seedDemoWork, type WorkDeps } from '@coppertone/work';

export interface DemoSeedDeps extends WorkDeps, BillingDeps, DemoInvoicesOptions {}

/**
 * The demo accounts and, only when they have just been created (a database without users), their
 * company's projects, tasks, comments and invoices. Answers what was added, or undefined.
 */
export async function seedDemo(deps: DemoSeedDeps) {
  if (!(await seedDemoAccounts(deps.db))) return undefined;
  const emails = DEMO_USERS.map((u) => u.email);
  const rows = await deps.db
    .selectFrom('users')
    .select(['id', 'role', 'company_id'])
    .where('email', 'in', emails)
    .execute();
  // No session stands behind the seed: the services read only who acts and in what role.
  const as = (role: SessionUser['role']): SessionUser => {
    const user = rows.find((r) => r.role === role);
    if (!user) throw new Error(`no demo ${role}`);
    return { sessionId: '', userId: user.id, role, companyId: user.company_id };
  };
  const [lead, staff, client] = [as('admin'), as('staff'), as('client')];
  const companyId = client.companyId as string;
  const projects = await seedDemoWork(deps, { companyId, lead, staff });
  const invoices = await seedDemoInvoices(deps, { companyId, staff, client }, projects, deps);
  return { projects, invoices };
}
