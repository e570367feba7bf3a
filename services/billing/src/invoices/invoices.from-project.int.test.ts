import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingHarness, setupBilling } from '../testing.ts';

let h: BillingHarness;
beforeAll(async () => {
  h = await setupBilling();
});
afterAll(() => h.close());

/** A project of `companyId` with tasks of the given hours spent; answers its id. */
async function projectWithHours(companyId: string, name: string, hours: Array<[string, number]>): Promise<string> {
  const project = await h.db
    .insertInto('projects')
    .values({ company_id: companyId, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  // One minute apart, in the order given: lines follow the tasks' creation, and PGlite's clock can
  // give tasks inserted one after another the same created_at.
  const start = Date.now() - hours.length * 60_000;
  for (const [i, [title, spent]] of hours.entries()) {
    const created_at = new Date(start + i * 60_000);
    await h.db.insertInto('tasks').values({ project_id: project.id, title, hours_spent: spent, created_at }).execute();
  }
  return project.id;
}

const count = async () =>
  Number(
    (
      await h.db
        .selectFrom('invoices')
        .select((e) => e.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('invoices from a project’s tracked hours', () => {
  it('makes a draft for the project’s company with one line per task with hours, at the rate', async () => {
    const projectId = await projectWithHours(h.companyA, 'Website relaunch', [
      ['Design', 2.5],
      ['Not started', 0],
      ['Build', 10],
      ['Review', 0.25],
    ]);
    const res = await (await h.as('staff')).post('/invoices/from-project', {
      projectId,
      rateMinor: 8_000,
      currency: 'usd',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      number: null,
      companyId: h.companyA,
      projectId,
      currency: 'USD',
      subtotal: 102_000,
      total: 102_000,
    });
    expect(res.body.lines).toEqual([
      { description: 'Design — 2.5 h', quantity: 2.5, unitPrice: 8_000, amount: 20_000 },
      { description: 'Build — 10 h', quantity: 10, unitPrice: 8_000, amount: 80_000 },
      { description: 'Review — 0.25 h', quantity: 0.25, unitPrice: 8_000, amount: 2_000 },
    ]);
    // Due in 30 days unless named; the stored row is the one answered.
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(res.body.dueOn).toBe(due);
    const stored = await h.db
      .selectFrom('invoices')
      .select(['total', 'project_id', 'company_id'])
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.total)).toBe(102_000);
    expect(stored.project_id).toBe(projectId);
  });

  it('applies the tax rate and due date given, and rounds each line half away from zero', async () => {
    const projectId = await projectWithHours(h.companyB, 'Odd rates', [['Support', 1.33]]);
    const res = await (await h.as('admin')).post('/invoices/from-project', {
      projectId,
      rateMinor: 999,
      currency: 'EUR',
      taxRate: 20,
      dueOn: '2027-01-31',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 1.33 × 9.99 = 13.2867 → 13.29; tax 20 % = 2.658 → 2.66.
    expect(res.body).toMatchObject({
      companyId: h.companyB,
      subtotal: 1_329,
      tax: 266,
      total: 1_595,
      dueOn: '2027-01-31',
    });
    expect(res.body.lines[0].description).toBe('Support — 1.33 h');
  });

  it('refuses a project without tracked hours (409) and invalid input (400 naming the field), storing nothing', async () => {
    const staff = await h.as('staff');
    const idle = await projectWithHours(h.companyA, 'Idle', [['Planning', 0]]);
    const before = await count();
    const none = await staff.post('/invoices/from-project', { projectId: idle, rateMinor: 5_000, currency: 'USD' });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain('no tracked hours');
    const base = { projectId: idle, rateMinor: 5_000, currency: 'USD' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ projectId: 'nope' }, 'projectId'],
      [{ projectId: '00000000-0000-4000-8000-000000000000' }, 'projectId'],
      [{ rateMinor: 0 }, 'rateMinor'],
      [{ rateMinor: 12.5 }, 'rateMinor'],
      [{ rateMinor: -100 }, 'rateMinor'],
      [{ rateMinor: '5000' }, 'rateMinor'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ taxRate: 101 }, 'taxRate'],
      [{ dueOn: '2027-02-30' }, 'dueOn'],
    ];
    for (const [patch, field] of cases) {
      const res = await staff.post('/invoices/from-project', { ...base, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(Object.keys(res.body.error.fields ?? {}), JSON.stringify(patch)).toContain(field);
    }
    expect(await count()).toBe(before);
  });
});
