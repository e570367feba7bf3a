import { seedTestPeople } from '@coppertone/auth/testing';
import { billingConfigFields, billingOptionsFromConfig, buildBilling } from '@coppertone/billing';
import { buildContact } from '@coppertone/contact';
import { TestClient } from '@coppertone/http/testing';
import { buildIdentity } from '@coppertone/identity';
import { startTestProcess } from '@coppertone/runtime/testing';
import { buildWork } from '@coppertone/work';
import { ALL_QUEUES } from '@coppertone/worker';
import { z } from 'zod';
import { startDemoPayments } from '../demo-payments.ts';

export const FUNCTIONS = ['identity', 'work', 'billing', 'contact'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/**
 * Every function of the platform on one fresh test database, as the all-in-one server builds them
 * (the payment stand-ins for billing, a queue nobody works), with an admin, a staff member and a
 * client of company A. `as(who)` is a browser signed in as one of them (or anonymous), talking to
 * the functions by their public paths (`/api/<name>/…`), each from its own address.
 */
export async function setupPlatform() {
  const parts = await startTestProcess({
    name: 'platform-test',
    role: 'producer',
    queues: ALL_QUEUES,
    publicUrl: 'http://localhost',
    trustProxy: true,
  });
  const { deps } = parts;
  const db = deps.database.db;
  const payments = await startDemoPayments('http://localhost');
  const { options: billing } = billingOptionsFromConfig({
    ...z.object(billingConfigFields).parse({}),
    ...payments.env,
  });
  const built = {
    identity: await buildIdentity(deps),
    work: await buildWork(deps),
    billing: await buildBilling(deps, billing),
    contact: await buildContact(deps),
  };
  const apps = {
    identity: built.identity.app,
    work: built.work.app,
    billing: built.billing.app,
    contact: built.contact.app,
  };
  const { users, companyA, browserAs } = await seedTestPeople(db, {
    admin: { email: 'fuzz.admin@coppertone.test', role: 'admin' },
    staff: { email: 'fuzz.staff@coppertone.test', role: 'staff' },
    client: { email: 'fuzz.client@acme.test', role: 'client', company: 'A' },
  });
  const route = (path: string, init: RequestInit) => {
    const name = FUNCTIONS.find((n) => path.startsWith(`/api/${n}/`));
    if (!name) throw new Error(`no function for ${path}`);
    return apps[name].request(path, init);
  };
  let addresses = 0;
  async function as(who: keyof typeof users | 'anonymous'): Promise<TestClient> {
    const signedIn = await browserAs(who, route);
    const client = new TestClient(route, { 'x-forwarded-for': `198.51.100.${(++addresses % 250) + 1}` });
    for (const [k, v] of signedIn.cookies) client.cookies.set(k, v);
    return client;
  }
  return {
    db,
    apps,
    users,
    companyA,
    as,
    async close() {
      for (const fn of Object.values(built)) await fn.close();
      await payments.close();
      await parts.close();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof setupPlatform>>;
