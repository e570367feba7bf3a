import { createSession, SESSION_COOKIE } from '@coppertone/auth';
import { baseConfigFields, loadConfig } from '@coppertone/config';
import { createTestDatabase } from '@coppertone/db/testing';
import { TestClient } from '@coppertone/http/testing';
import { createLogger, createMetrics } from '@coppertone/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allInOneConfigFields, assembleServer } from './assemble.ts';
import { seedDemo } from './demo.ts';

const PUBLIC_URL = 'https://demo.coppertone.test';
const year = new Date().getUTCFullYear();

/**
 * The server `npm start` assembles (assemble.ts: every function, the worker, the payment stand-ins
 * for billing, the dev mailbox), on a fresh test database with the settings of a local start.
 */
async function setup() {
  const database = await createTestDatabase();
  const db = database.db;
  const config = loadConfig(z.object({ ...baseConfigFields, ...allInOneConfigFields }), {
    NODE_ENV: 'test',
    PUBLIC_URL,
    CONTACT_NOTIFY_EMAIL: 'staff@demo.test',
  });
  const server = await assembleServer({
    config,
    log: createLogger({ name: 'demo-test', level: 'silent' }),
    metrics: createMetrics({ defaults: false }),
    database,
    ready: database.ping,
  });
  const { functions, mailer, jobs } = server;
  /** Work and billing as a signed-in user, by e-mail. */
  const as = async (email: string) => {
    const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const token = (await createSession(db, user.id)).token;
    const client = (app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }) => {
      const c = new TestClient((path, init) => app.request(path, init));
      c.cookies.set(SESSION_COOKIE, token);
      return c;
    };
    return { work: client(functions.work.app), billing: client(functions.billing.app) };
  };
  const count = async (table: 'companies' | 'projects' | 'tasks' | 'task_comments' | 'invoices' | 'users') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  async function mails(to: string, atLeast: number) {
    for (let i = 0; i < 150; i++) {
      const found = mailer.mailbox?.list().filter((m) => m.to === to) ?? [];
      if (found.length >= atLeast) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`fewer than ${atLeast} mails to ${to} within 15 s`);
  }
  /** The data of every job of one queue, done or waiting (pg-boss keeps finished jobs a while). */
  async function queued(name: string): Promise<Array<Record<string, unknown>>> {
    const { rows } = await jobs.boss.getDb().executeSql('select data from pgboss.job where name = $1', [name]);
    return (rows as Array<{ data: Record<string, unknown> }>).map((r) => r.data);
  }
  return {
    db,
    server,
    queued,
    as,
    count,
    mails,
    async close() {
      await server.close();
      await database.close();
    },
  };
}

describe('demo data', () => {
  let h: Awaited<ReturnType<typeof setup>>;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    h = await setup();
    seeded = await seedDemo(h.server);
  });
  afterAll(() => h.close());

  it('gives the demo client three projects and only the tasks and comments meant for them', async () => {
    expect(seeded).toBeDefined();
    const client = await h.as('client@demo.test');
    const projects = await client.work.get('/projects');
    expect(projects.status).toBe(200);
    const byName = Object.fromEntries(
      (projects.body.items as Array<{ name: string; status: string; budgetHours: number | null }>).map((p) => [
        p.name,
        { status: p.status, budgetHours: p.budgetHours },
      ]),
    );
    expect(byName).toEqual({
      'Website relaunch': { status: 'active', budgetHours: 120 },
      'Support retainer': { status: 'on_hold', budgetHours: 40 },
      'Brand guidelines': { status: 'done', budgetHours: 30 },
    });

    const staff = await h.as('staff@demo.test');
    const seen = { client: [] as string[], staff: [] as string[] };
    const statuses = new Set<string>();
    for (const id of Object.values(seeded?.projects ?? {})) {
      const mine = (await client.work.get(`/projects/${id}/tasks`)).body.items as Array<{ title: string }>;
      const all = (await staff.work.get(`/projects/${id}/tasks`)).body.items as Array<{
        title: string;
        status: string;
        visibleToClient: boolean;
        assigneeName: string;
      }>;
      expect(mine.map((t) => t.title).sort()).toEqual(
        all
          .filter((t) => t.visibleToClient)
          .map((t) => t.title)
          .sort(),
      );
      expect(new Set(all.map((t) => t.assigneeName))).toEqual(new Set(['Sam Staff']));
      for (const t of all) statuses.add(t.status);
      seen.client.push(...mine.map((t) => t.title));
      seen.staff.push(...all.map((t) => t.title));
    }
    expect(seen.staff).toHaveLength(12);
    expect(seen.client).toHaveLength(9);
    expect(seen.client).not.toContain('Staging server and deploy pipeline');
    expect([...statuses].sort()).toEqual(['blocked', 'done', 'in_progress', 'in_review', 'todo']);

    const blocked = await h.db
      .selectFrom('tasks')
      .select('id')
      .where('title', '=', 'Redirects from old campaign URLs')
      .executeTakeFirstOrThrow();
    const forClient = (await client.work.get(`/tasks/${blocked.id}/comments`)).body.items as Array<{ body: string }>;
    const forStaff = (await staff.work.get(`/tasks/${blocked.id}/comments`)).body.items as Array<{ body: string }>;
    expect(forStaff).toHaveLength(2);
    expect(forClient.map((c) => c.body)).toEqual([expect.stringContaining('Could you send us the campaign URLs')]);
  });

  it('records who changed what, as the product does', async () => {
    const staff = await h.as('staff@demo.test');
    const project = await staff.work.get(`/projects/${seeded?.projects.relaunch}`);
    const activity = project.body.activity as Array<{ action: string; actorName: string; changes: unknown }>;
    expect(activity.map((a) => a.action)).toEqual(
      expect.arrayContaining(['project.created', 'project.updated', 'task.created', 'task.updated', 'comment.added']),
    );
    expect(activity).toContainEqual(
      expect.objectContaining({
        action: 'task.updated',
        actorName: 'Sam Staff',
        changes: { status: { from: 'in_progress', to: 'in_review' } },
      }),
    );
    expect(activity).toContainEqual(
      expect.objectContaining({
        action: 'project.updated',
        actorName: 'Avery Admin',
        changes: { budget_hours: { from: 100, to: 120 } },
      }),
    );
    // Demo tasks are not news: no "Assigned to you" mail is queued for them (jobs are queued in the
    // transaction that assigns, so none can be on its way).
    expect(await h.queued('work.task-assigned')).toEqual([]);
  });

  it('numbers and totals the invoices; the client sees one paid and one to pay, not the draft', async () => {
    const client = await h.as('client@demo.test');
    const list = await client.billing.get('/invoices');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: Record<string, unknown>) => [i.number, i.status, i.total, i.amountDue])).toEqual([
      [`${year}-0002`, 'sent', 228_000, 228_000],
      [`${year}-0001`, 'paid', 296_400, 0],
    ]);
    const due = await client.billing.get(`/invoices/${list.body.items[0].id}`);
    expect(due.body).toMatchObject({ subtotal: 190_000, tax: 38_000, taxRate: 20, currency: 'USD' });
    expect(seeded?.invoices.map((i) => [i.number, i.status, Number(i.total)])).toEqual([
      [`${year}-0001`, 'paid', 296_400],
      [`${year}-0002`, 'sent', 228_000],
      [null, 'draft', 35_700],
    ]);
    const payments = await h.db.selectFrom('payments').select(['provider', 'amount', 'kind']).execute();
    expect(payments.map((p) => [p.provider, Number(p.amount), p.kind])).toEqual([['stripe', 296_400, 'full']]);
    // Asked to pay only the invoice still due: the one paid at seeding gets no "pay it" mail.
    expect((await h.mails('client@demo.test', 1)).map((m) => m.subject)).toEqual([
      `Invoice ${year}-0002 from Coppertone: 2280.00 USD`,
    ]);
    const toClient = (await h.queued('mail.send')).filter((d) => d.to === 'client@demo.test');
    expect(toClient.map((d) => d.subject)).toEqual([`Invoice ${year}-0002 from Coppertone: 2280.00 USD`]);
  });

  it('adds nothing when run again', async () => {
    const before = await Promise.all((['users', 'projects', 'tasks', 'invoices'] as const).map(h.count));
    expect(await seedDemo(h.server)).toBeUndefined();
    expect(await Promise.all((['users', 'projects', 'tasks', 'invoices'] as const).map(h.count))).toEqual(before);
  });
});

describe('demo data on a database that has users', () => {
  it('adds no account, company, project or invoice', async () => {
    const h = await setup();
    try {
      await h.db
        .insertInto('users')
        .values({ email: 'owner@example.test', name: 'Owner', role: 'admin', password_hash: '$argon2id$unused' })
        .execute();
      expect(await seedDemo(h.server)).toBeUndefined();
      for (const table of ['companies', 'projects', 'tasks', 'task_comments', 'invoices'] as const)
        expect(await h.count(table)).toBe(0);
      expect(await h.count('users')).toBe(1);
    } finally {
      await h.close();
    }
  });
});
