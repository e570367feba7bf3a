// One-shot for a test deployment (the test stack's `seed` service):
// `node services/identity/src/demo-accounts-create.ts`. Applies migrations (through boot), then adds
// the demo accounts of demo.ts (admin/staff/client@demo.test, company "Demo Client Ltd", password
// coppertone-demo) to a database that has no user yet. Only the accounts: the demo's projects and
// invoices are the all-in-one server's (apps/server/src/demo.ts). Refuses with NODE_ENV=production:
// known passwords never go into a real deployment.
import { boot } from '@coppertone/runtime';
import { DEMO_USERS, seedDemoAccounts } from './demo.ts';

if (process.env.NODE_ENV === 'production') {
  process.stderr.write('demo-accounts-create: refusing to add demo accounts with NODE_ENV=production.\n');
  process.exit(2);
}

const { log, database } = await boot({ name: 'demo-accounts-create', fields: {} });
try {
  const seeded = await seedDemoAccounts(database.db);
  if (seeded) log.info({ users: DEMO_USERS.map((u) => u.email) }, 'demo accounts added');
  else log.info('the database already has users: demo accounts not added');
} finally {
  await database.close();
}
