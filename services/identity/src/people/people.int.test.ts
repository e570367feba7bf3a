import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;

beforeAll(async () => {
  h = await setupIdentity();
  const { password_hash } = await h.db
    .selectFrom('users')
    .select('password_hash')
    .where('email', '=', 'staff@demo.test')
    .executeTakeFirstOrThrow();
  const company = await h.db.selectFrom('companies').select('id').executeTakeFirstOrThrow();
  const add = (email: string, name: string, role: 'client' | 'staff' | 'admin') => ({
    email,
    name,
    role,
    password_hash,
    company_id: role === 'client' ? company.id : null,
    email_confirmed_at: new Date(),
  });
  await h.db
    .insertInto('users')
    .values([
      add('zoe@coppertone.test', 'Zoë Quinn', 'staff'),
      add('percent@coppertone.test', '100% Pat', 'staff'),
      add('dana@client.test', 'Dana Staffordshire', 'client'),
    ])
    .execute();
});
afterAll(() => h.close());

describe('GET /staff: the staff directory', () => {
  it('lists staff and admins by name with id, name and e-mail only; never a client', async () => {
    const res = await (await h.signIn('staff@demo.test')).get('/staff');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual([
      '100% Pat',
      'Avery Admin',
      'Sam Staff',
      'Zoë Quinn',
    ]);
    expect(res.body).toMatchObject({ page: 1, pageSize: 25, total: 4 });
    for (const person of res.body.items) {
      expect(Object.keys(person).sort()).toEqual(['email', 'id', 'name']);
      expect(person.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/argon2|password|client@demo\.test|dana@client\.test|role|company/i);
  });

  it('an admin gets the same directory', async () => {
    const res = await (await h.signIn('admin@demo.test')).get('/staff');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
  });

  it('narrows by part of a name or e-mail, case-insensitively, still without clients', async () => {
    const staff = await h.signIn('staff@demo.test');
    const byName = await staff.get('/staff?q=STAFF');
    // "Dana Staffordshire" matches the text but is a client.
    expect(byName.body.items.map((p: { email: string }) => p.email)).toEqual(['staff@demo.test']);
    const byEmail = await staff.get('/staff?q=coppertone.test');
    expect(byEmail.body.items.map((p: { name: string }) => p.name)).toEqual(['100% Pat', 'Zoë Quinn']);
    expect(byEmail.body.total).toBe(2);
  });

  it('takes % and _ in the search literally', async () => {
    const staff = await h.signIn('staff@demo.test');
    expect((await staff.get('/staff?q=%25')).body.items.map((p: { name: string }) => p.name)).toEqual(['100% Pat']);
    expect((await staff.get('/staff?q=_')).body.total).toBe(0);
  });

  it('pages through the directory in name order', async () => {
    const staff = await h.signIn('staff@demo.test');
    const first = await staff.get('/staff?pageSize=3');
    const second = await staff.get('/staff?pageSize=3&page=2');
    expect(first.body.items.map((p: { name: string }) => p.name)).toEqual(['100% Pat', 'Avery Admin', 'Sam Staff']);
    expect(second.body).toMatchObject({ page: 2, pageSize: 3, total: 4 });
    expect(second.body.items.map((p: { name: string }) => p.name)).toEqual(['Zoë Quinn']);
  });

  it('refuses a bad page, page size or over-long search with 400 naming the parameter', async () => {
    const staff = await h.signIn('staff@demo.test');
    for (const [query, field] of [
      ['page=0', 'page'],
      ['pageSize=101', 'pageSize'],
      ['pageSize=many', 'pageSize'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      const res = await staff.get(`/staff?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
    }
  });

  it('follows role changes: someone made a client leaves the directory', async () => {
    const admin = await h.signIn('admin@demo.test');
    const zoe = await h.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'zoe@coppertone.test')
      .executeTakeFirstOrThrow();
    expect((await admin.patch(`/users/${zoe.id}`, { role: 'client' })).status).toBe(200);
    const res = await admin.get('/staff?q=zo');
    expect(res.body.total).toBe(0);
    expect((await admin.patch(`/users/${zoe.id}`, { role: 'staff' })).status).toBe(200);
    expect((await admin.get('/staff?q=zo')).body.items.map((p: { name: string }) => p.name)).toEqual(['Zoë Quinn']);
  });

  it('is described in the OpenAPI document with exactly id, name and e-mail per person', async () => {
    const doc = await (await h.app.request('/openapi.json')).json();
    const op = doc.paths['/staff']?.get;
    expect(op).toBeDefined();
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(Object.keys(doc.components.schemas.StaffMember.properties).sort()).toEqual(['email', 'id', 'name']);
    const query = (op.parameters as Array<{ in: string; name: string }>).filter((p) => p.in === 'query');
    expect(query.map((p) => p.name).sort()).toEqual(['page', 'pageSize', 'q']);
  });
});
