import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';

let h: WorkHarness;
beforeAll(async () => {
  h = await setupWork();
});
afterAll(() => h.close());

describe('client companies (staff)', () => {
  it('lists each company by name with its number of projects and contacts', async () => {
    const staff = await h.as('staff');
    await staff.post('/projects', { companyId: h.companyA, name: 'Counted' });
    const res = await staff.get('/companies');
    expect(res.status).toBe(200);
    const a = res.body.items.find((c: { id: string }) => c.id === h.companyA);
    expect(a).toEqual({ id: h.companyA, name: 'Acme A', projects: 1, contacts: 1 });
    const names = res.body.items.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort());
  });

  it('creates a company, refusing a name taken in any case with 409 naming the field', async () => {
    const staff = await h.as('staff');
    const created = await staff.post('/companies', { name: '  Northwind  ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Northwind', projects: 0, contacts: 0 });
    const again = await staff.post('/companies', { name: 'NORTHWIND' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual({ name: 'Already exists' });
    const blank = await staff.post('/companies', { name: ' ' });
    expect([blank.status, Object.keys(blank.body.error.fields)]).toEqual([400, ['name']]);
  });

  it('shows one company with its contacts, and 404 for an id that names none', async () => {
    const staff = await h.as('staff');
    const res = await staff.get(`/companies/${h.companyA}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: h.companyA, name: 'Acme A', contacts: 1 });
    expect(res.body.contactList).toEqual([
      { id: h.users.clientA, name: expect.any(String), email: 'client.a@acme.test' },
    ]);
    expect((await staff.get('/companies/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
