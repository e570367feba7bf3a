// One-shot demo seed for a test deployment (the test stack's `seed` service):
// `node services/identity/src/seed-demo.ts`. Applies migrations (through boot), then adds the demo
// accounts (admin/staff/client@demo.test, company "Demo Client Ltd", password coppertone-demo) to
// a database that has no user yet. Refuses with NODE_ENV=production: known passwords never go
// into a real deployment.
import { boot } from '@coppertone/runtime';
import { DEMO_USERS, seedDemoAccounts } from './seed.ts';

if (process.env.NODE_ENV === 'production') {
  process.stderr.write('seed-demo: refusing to add demo accounts with NODE_ENV=production.\n');
  process.exit(2);
}

const { log, database } = await boot({ name: 'seed-demo', fields: {} });
try {
  const seeded = await seedDemoAccounts(database.db);
  if (seeded) log.info({ users: DEMO_USERS.map((u) => u.email) }, 'demo accounts added');
  else log.info('the database already has users: demo accounts not added');
} finally {
  await database.close();
}
