import type { SessionUser } from '@coppertone/auth';
import { seedDemoInvoices } from '@coppertone/billing';
import { DEMO_USERS, seedDemoAccounts } from '@coppertone/identity';
import { seedDemoProjects } from '@coppertone/work';
import type { AssembledServer } from './assemble.ts';

/**
 * The demo of `npm start`, put together from each function's demo (their src/demo.ts) on the
 * assembled server: the demo accounts and, only when they have just been created (a database
 * without users), their company's projects, tasks, comments and invoices, the paid one paid at the
 * Stripe stand-in when it runs. Answers what was added, or undefined.
 */
export async function seedDemo(server: AssembledServer) {
  const db = server.db;
  if (!(await seedDemoAccounts(db))) return undefined;
  const emails = DEMO_USERS.map((u) => u.email);
  const rows = await db.selectFrom('users').select(['id', 'role', 'company_id']).where('email', 'in', emails).execute();
  // No session stands behind the seed: the services read only who acts and in what role.
  const as = (role: SessionUser['role']): SessionUser => {
    const user = rows.find((r) => r.role === role);
    if (!user) throw new Error(`no demo ${role}`);
    return { sessionId: '', userId: user.id, role, companyId: user.company_id };
  };
  const [lead, staff, client] = [as('admin'), as('staff'), as('client')];
  const companyId = client.companyId as string;
  const deps = {
    db,
    jobs: server.jobs,
    bus: server.functions.work.bus,
    publicUrl: server.publicUrl,
    ...server.billing,
    payByCard: server.demoPayments?.payByCard,
  };
  const projects = await seedDemoProjects(deps, { companyId, lead, staff });
  const invoices = await seedDemoInvoices(deps, { companyId, staff, client }, projects, deps);
  return { projects, invoices };
}
