import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityAction, identityPolicy } from './policy.ts';
import { type IdentityHarness, setupIdentity } from './testing.ts';

// Every authenticated identity endpoint × every kind of caller, with the exact expected status.
// Bodies are valid, so a cell's status is decided by authorization alone.

type Who = 'anonymous' | 'clientA' | 'clientB' | 'staff' | 'admin';
const WHO: Who[] = ['anonymous', 'clientA', 'clientB', 'staff', 'admin'];

let h: IdentityHarness;
let companyA: string;
let clientBId: string;

beforeAll(async () => {
  h = await setupIdentity();
  companyA = (await h.db.selectFrom('companies').select('id').executeTakeFirstOrThrow()).id;
  const companyB = await h.db
    .insertInto('companies')
    .values({ name: 'Other Co' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hash = (await h.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).password_hash;
  clientBId = (
    await h.db
      .insertInto('users')
      .values({
        email: 'b@other.test',
        name: 'Bo',
        role: 'client',
        company_id: companyB.id,
        password_hash: hash,
        email_confirmed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

const EMAIL: Record<Exclude<Who, 'anonymous'>, string> = {
  clientA: 'client@demo.test',
  clientB: 'b@other.test',
  staff: 'staff@demo.test',
  admin: 'admin@demo.test',
};

async function as(who: Who) {
  const c = h.client();
  if (who !== 'anonymous')
    expect((await c.post('/login', { email: EMAIL[who], password: 'coppertone-demo' })).status).toBe(200);
  return c;
}

let n = 0;
/** A registered, confirmed client account in no company (one per call: linking uses it up). */
async function waitingAccount(): Promise<string> {
  const hash = (await h.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).password_hash;
  const row = await h.db
    .insertInto('users')
    .values({ email: `w${++n}@x.test`, name: 'W', role: 'client', password_hash: hash, email_confirmed_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
const cases: Array<{
  name: string;
  /** The policy table's action the row exercises (none for what people without a session use). */
  action?: IdentityAction;
  call: (c: Awaited<ReturnType<typeof as>>) => Promise<{ status: number }>;
  expect: Record<Who, number>;
}> = [
  {
    name: 'GET /me',
    action: 'account.read',
    call: (c) => c.get('/me'),
    expect: { anonymous: 401, clientA: 200, clientB: 200, staff: 200, admin: 200 },
  },
  {
    name: 'PATCH /me',
    action: 'account.update',
    call: (c) => c.patch('/me', { name: 'Renamed' }),
    expect: { anonymous: 401, clientA: 200, clientB: 200, staff: 200, admin: 200 },
  },
  {
    name: 'GET /session',
    action: 'session.read',
    call: (c) => c.get('/session'),
    expect: { anonymous: 401, clientA: 200, clientB: 200, staff: 200, admin: 200 },
  },
  {
    name: 'POST /logout',
    action: 'session.end',
    call: (c) => c.post('/logout'),
    expect: { anonymous: 401, clientA: 204, clientB: 204, staff: 204, admin: 204 },
  },
  {
    name: 'POST /logout-all',
    action: 'session.end',
    call: (c) => c.post('/logout-all'),
    expect: { anonymous: 401, clientA: 200, clientB: 200, staff: 200, admin: 200 },
  },
  {
    name: 'POST /password/change (wrong current password)',
    action: 'password.change',
    call: (c) => c.post('/password/change', { currentPassword: 'not-it-at-all', newPassword: 'tangerine-ferry-88' }),
    expect: { anonymous: 401, clientA: 400, clientB: 400, staff: 400, admin: 400 },
  },
  {
    // Company A is client A's own: they may invite a colleague into it; client B may not (another company).
    name: 'POST /invites (client contact of company A)',
    action: 'invite.client',
    call: (c) => c.post('/invites', { email: `m${++n}@x.test`, role: 'client', companyId: companyA }),
    expect: { anonymous: 401, clientA: 201, clientB: 404, staff: 201, admin: 201 },
  },
  {
    name: 'GET /invites',
    action: 'invite.list',
    call: (c) => c.get('/invites'),
    expect: { anonymous: 401, clientA: 200, clientB: 200, staff: 200, admin: 200 },
  },
  {
    name: 'PUT /companies/{id}/client-invites',
    action: 'company.clientInvites',
    call: (c) => c.request('PUT', `/companies/${companyA}/client-invites`, { clientInvites: true }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 403, admin: 200 },
  },
  {
    name: 'POST /invites (staff)',
    action: 'invite.staff',
    call: (c) => c.post('/invites', { email: `s${++n}@x.test`, role: 'staff' }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 403, admin: 201 },
  },
  {
    name: 'GET /users',
    action: 'people.list',
    call: (c) => c.get('/users'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 403, admin: 200 },
  },
  {
    name: 'PATCH /users/{id}',
    action: 'people.setRole',
    call: (c) => c.patch(`/users/${clientBId}`, { role: 'client' }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 403, admin: 200 },
  },
  {
    name: 'GET /staff',
    action: 'people.staff',
    call: (c) => c.get('/staff'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /staff?q=… (a search does not widen who may read)',
    call: (c) => c.get('/staff?q=demo&page=1&pageSize=5'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /companies',
    action: 'company.list',
    call: (c) => c.get('/companies'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /waiting',
    action: 'people.waiting',
    call: (c) => c.get('/waiting'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'POST /users/{id}/company (a waiting account)',
    action: 'people.link',
    call: async (c) => c.post(`/users/${await waitingAccount()}/company`, { companyId: companyA }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /invites/{token} (unknown)',
    call: (c) => c.get('/invites/unknown'),
    expect: { anonymous: 404, clientA: 404, clientB: 404, staff: 404, admin: 404 },
  },
];

describe('authorization matrix: identity endpoints × callers', () => {
  it("every action of identity's policy table is exercised by a row", () => {
    const tested = new Set(cases.map((c) => c.action));
    expect(Object.keys(identityPolicy.table).filter((a) => !tested.has(a as IdentityAction))).toEqual([]);
  });

  for (const cell of cases) {
    it(cell.name, async () => {
      const got: Record<string, number> = {};
      for (const who of WHO) got[who] = (await cell.call(await as(who))).status;
      expect(got).toEqual(cell.expect);
    });
  }

  it('the users list never includes password hashes', async () => {
    const res = await (await as('admin')).get('/users');
    expect(JSON.stringify((res as { body: unknown }).body)).not.toMatch(/argon2|password/);
  });
});
