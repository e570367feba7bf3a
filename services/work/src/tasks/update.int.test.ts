import { type KyselyPlugin, PostgresQueryCompiler, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';

// PATCH /tasks/{id}: what it answers, in which order, and how often it reads the task's row.

/** The SQL the work function sends, as PostgreSQL receives it. */
class Statements implements KyselyPlugin {
  sent: string[] = [];
  readonly #compiler = new PostgresQueryCompiler();
  transformQuery: KyselyPlugin['transformQuery'] = ({ node, queryId }) => {
    this.sent.push(this.#compiler.compileQuery(node, queryId).sql);
    return node;
  };
  transformResult: KyselyPlugin['transformResult'] = async ({ result }) => result;
  /** The statements that read or write the tasks table, in the order sent. */
  get onTasks(): string[] {
    return this.sent.filter((text) => /"tasks"/.test(text));
  }
}

const statements = new Statements();
let h: WorkHarness;
let projectId: string;
beforeAll(async () => {
  h = await setupWork({ plugin: statements });
  const res = await (await h.as('staff')).post('/projects', { companyId: h.companyA, name: 'Updates' });
  projectId = res.body.id;
});
afterAll(() => h.close());
beforeEach(() => {
  statements.sent = [];
});

const newTask = async (body: Record<string, unknown> = {}) => {
  const res = await (await h.as('staff')).post(`/projects/${projectId}/tasks`, { title: 'Write the copy', ...body });
  expect(res.status).toBe(201);
  statements.sent = [];
  return res.body;
};

const activityOf = async (taskId: string) =>
  (await h.db.selectFrom('activity').select(['action', 'changes']).where('task_id', '=', taskId).execute()).map((a) => [
    a.action,
    a.changes,
  ]);

describe('a change that goes through', () => {
  it('reads the task once, locked, and writes it once, the write answering the task as it now is', async () => {
    const task = await newTask({ dueOn: '2026-12-24' });
    const staff = await h.as('staff');
    statements.sent = [];
    const res = await staff.patch(`/tasks/${task.id}`, {
      version: 1,
      status: 'in_progress',
      assigneeId: h.users.staff,
      dueOn: '2026-12-31',
      hoursSpent: 1.5,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: task.id,
      projectId,
      companyId: h.companyA,
      status: 'in_progress',
      assigneeId: h.users.staff,
      assigneeName: 'sam',
      dueOn: '2026-12-31',
      hoursSpent: 1.5,
      version: 2,
      allowedMoves: ['todo', 'in_review', 'done', 'blocked'],
    });
    const onTasks = statements.onTasks;
    expect(onTasks, onTasks.join('\n')).toHaveLength(2);
    expect(onTasks[0]).toMatch(/^select .* from "tasks" as "t" .* for update of "t"$/);
    expect(onTasks[1]).toMatch(/^with "t" as \(update "tasks" set .* returning \*\) select /);
    expect(await activityOf(task.id)).toEqual([
      ['task.created', { title: { from: null, to: 'Write the copy' } }],
      [
        'task.updated',
        {
          status: { from: 'todo', to: 'in_progress' },
          assignee_id: { from: null, to: h.users.staff },
          due_on: { from: '2026-12-24', to: '2026-12-31' },
          hours_spent: { from: 0, to: 1.5 },
        },
      ],
    ]);
    // The answer is what a later read finds.
    const { allowedMoves: _, ...read } = (await staff.get(`/tasks/${task.id}`)).body;
    const { allowedMoves: __, ...answered } = res.body;
    expect(answered).toEqual(read);
  });

  it('answers an unchanged write from its one read, writing and logging nothing', async () => {
    const task = await newTask({ assigneeId: h.users.staff });
    const res = await (await h.as('staff')).patch(`/tasks/${task.id}`, {
      version: 1,
      title: 'Write the copy',
      assigneeId: h.users.staff,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, assigneeName: 'sam', title: 'Write the copy' });
    expect(statements.onTasks).toHaveLength(1);
    expect((await activityOf(task.id)).map(([action]) => action)).toEqual(['task.created']);
  });
});

describe('a change that is refused', () => {
  it('answers 404 to who cannot see the task, 403 to a client who can, then 409 stale, then 409 for a forbidden move', async () => {
    const hidden = await newTask({ title: 'Internal' });
    const shown = await newTask({ title: 'Shared', visibleToClient: true });
    const staff = await h.as('staff');
    const clientA = await h.as('clientA');
    const clientB = await h.as('clientB');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const status = async (who: typeof staff, id: string, body: Record<string, unknown>) =>
      (await who.patch(`/tasks/${id}`, body)).status;

    expect(await status(staff, unknown, { version: 1, title: 'x' })).toBe(404);
    expect(await status(clientB, shown.id, { version: 9, status: 'done' })).toBe(404);
    expect(await status(clientA, hidden.id, { version: 9, status: 'done' })).toBe(404);
    // Visible to the client, who may not change it: 403 before anything is said about the version or move.
    expect(await status(clientA, shown.id, { version: 9, status: 'done' })).toBe(403);
    expect(await status(clientA, shown.id, { version: 1, title: 'Mine now' })).toBe(403);

    const stale = await staff.patch(`/tasks/${shown.id}`, { version: 9, status: 'done' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({
      currentVersion: 1,
      current: (await staff.get(`/tasks/${shown.id}`)).body,
    });
    const forbidden = await staff.patch(`/tasks/${shown.id}`, { version: 1, status: 'done' });
    expect(forbidden.status).toBe(409);
    expect(forbidden.body.error.details).toEqual({ from: 'todo', allowed: ['in_progress', 'blocked'] });

    for (const task of [hidden, shown]) {
      expect((await staff.get(`/tasks/${task.id}`)).body).toMatchObject({ version: 1, title: task.title });
      expect((await activityOf(task.id)).map(([action]) => action)).toEqual(['task.created']);
    }
  });
});

describe('two changes at once', () => {
  it('lets one of two writes with the same version win; the other gets 409 with the winner’s task', async () => {
    const task = await newTask({ title: 'Contested' });
    const [sam, kim] = [await h.as('staff'), await h.as('staff2')];
    // On a server, both requests are made to wait on one lock held here, so the loser's locked read
    // surely waits for the winner's write (on the embedded database requests take turns anyway).
    const hold = process.env.TEST_DB === 'pglite' ? undefined : await h.db.startTransaction().execute();
    if (hold) await sql`select id from tasks where id = ${task.id} for update`.execute(hold);
    const writes = Promise.all([
      sam.patch(`/tasks/${task.id}`, { version: 1, title: 'Writer A', assigneeId: h.users.admin }),
      kim.patch(`/tasks/${task.id}`, { version: 1, title: 'Writer B', assigneeId: h.users.staff2 }),
    ]);
    if (hold) {
      await waitForLockWaits(2);
      await hold.commit().execute();
    }
    const answers = await writes;
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)?.body;
    const loser = answers.find((a) => a.status === 409)?.body;
    expect(winner.version).toBe(2);
    expect(loser.error.details).toEqual({ currentVersion: 2, current: winner });
    expect(winner.assigneeName).toBe(winner.title === 'Writer A' ? 'avery' : 'kim');
    expect((await activityOf(task.id)).map(([action]) => action)).toEqual(['task.created', 'task.updated']);
  });
});

/** Until `n` sessions of this database wait on a lock (10 s at most). */
async function waitForLockWaits(n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(h.db);
    if (Number(rows[0]?.n) >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${n} requests did not come to wait on the task's lock within 10 s`);
}
