import { createMailer } from '@coppertone/mail';
import { createLogger } from '@coppertone/observability';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';
import { taskAssignedJob } from './tasks.jobs.ts';

let h: WorkHarness;
let projectId: string;
beforeAll(async () => {
  h = await setupWork();
  const staff = await h.as('staff');
  const res = await staff.post('/projects', { companyId: h.companyA, name: 'Website relaunch', budgetHours: 40 });
  projectId = res.body.id;
});
afterAll(() => h.close());

const newTask = async (body: Record<string, unknown> = {}) => {
  const res = await (await h.as('staff')).post(`/projects/${projectId}/tasks`, {
    title: 'Design the home page',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body;
};

describe('staff journey: project → task → assign → status', () => {
  it('creates a project for a client company', async () => {
    const staff = await h.as('staff');
    const res = await staff.post('/projects', {
      companyId: h.companyA,
      name: 'Mobile app',
      description: 'Phase one',
      startsOn: '2026-12-01',
      dueOn: '2027-03-31',
      budgetHours: 120.5,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      companyId: h.companyA,
      companyName: 'Acme A',
      name: 'Mobile app',
      status: 'active',
      startsOn: '2026-12-01',
      dueOn: '2027-03-31',
      budgetHours: 120.5,
      hoursSpent: 0,
      progress: { done: 0, total: 0 },
      version: 1,
    });
  });

  it('changes a dated project without its dates, however their weekdays sort', async () => {
    const staff = await h.as('staff');
    // Tuesday to Monday: the stored dates once compared as Date strings, "Mon …" before "Tue …".
    const created = await staff.post('/projects', {
      companyId: h.companyA,
      name: 'Dated',
      startsOn: '2026-12-01',
      dueOn: '2027-03-29',
    });
    const res = await staff.patch(`/projects/${created.body.id}`, { version: created.body.version, status: 'on_hold' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'on_hold', startsOn: '2026-12-01', dueOn: '2027-03-29' });
  });

  it('logs the dates and budget of a project as the API speaks them, and unchanged ones not at all', async () => {
    const staff = await h.as('staff');
    const created = await staff.post('/projects', {
      companyId: h.companyA,
      name: 'Budgeted',
      startsOn: '2026-12-01',
      dueOn: '2027-03-29',
      budgetHours: 100,
    });
    const res = await staff.patch(`/projects/${created.body.id}`, {
      version: created.body.version,
      startsOn: '2026-12-01',
      dueOn: '2027-04-30',
      budgetHours: 120,
    });
    expect(res.status).toBe(200);
    const project = await staff.get(`/projects/${created.body.id}`);
    const updates = project.body.activity.filter((a: { action: string }) => a.action === 'project.updated');
    expect(updates.map((a: { changes: unknown }) => a.changes)).toEqual([
      { due_on: { from: '2027-03-29', to: '2027-04-30' }, budget_hours: { from: 100, to: 120 } },
    ]);
  });

  it('adds a task, assigns it (the assignee is mailed by the worker), moves it to in progress and done', async () => {
    const staff = await h.as('staff');
    const task = await newTask({
      assigneeId: h.users.staff2,
      priority: 'high',
      dueOn: '2026-12-24',
      visibleToClient: true,
    });
    expect(task).toMatchObject({
      status: 'todo',
      assigneeName: 'kim',
      priority: 'high',
      dueOn: '2026-12-24',
      version: 1,
    });
    const mail = await h.mailTo('kim@coppertone.test');
    expect(mail.subject).toBe('Assigned to you: Design the home page');
    expect(mail.text).toContain(`https://portal.coppertone.test/staff/projects/${projectId}?task=${task.id}`);

    const started = await staff.patch(`/tasks/${task.id}`, { version: 1, status: 'in_progress', hoursSpent: 2.5 });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'in_progress', version: 2, hoursSpent: 2.5 });
    const done = await staff.patch(`/tasks/${task.id}`, { version: 2, status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', version: 3 });

    const project = await staff.get(`/projects/${projectId}`);
    expect(project.body.progress).toEqual({ done: 1, total: 1 });
    expect(project.body.hoursSpent).toBe(2.5);
    const moves = project.body.activity.filter(
      (a: { taskId: string; action: string }) => a.taskId === task.id && a.action === 'task.updated',
    );
    expect(moves.map((a: { changes: { status?: unknown } }) => a.changes.status)).toEqual([
      { from: 'in_progress', to: 'done' },
      { from: 'todo', to: 'in_progress' },
    ]);
    expect(moves[0].actorName).toBe('sam');
  });

  it('re-assigning mails the new assignee; an unchanged write records nothing', async () => {
    const staff = await h.as('staff');
    const task = await newTask({ title: 'Reassign me' });
    const res = await staff.patch(`/tasks/${task.id}`, { version: 1, assigneeId: h.users.admin });
    expect(res.body.assigneeName).toBe('avery');
    await h.mailTo('avery@coppertone.test', (m) => m.subject === 'Assigned to you: Reassign me');
    const same = await staff.patch(`/tasks/${task.id}`, { version: 2, assigneeId: h.users.admin });
    expect(same.body.version).toBe(2);
  });

  it('mails nobody about a task they gave themselves, made so or assigned later', async () => {
    const staff = await h.as('staff');
    const made = await newTask({ title: 'Mine from the start', assigneeId: h.users.staff });
    const later = await newTask({ title: 'Mine later' });
    expect((await staff.patch(`/tasks/${later.id}`, { version: 1, assigneeId: h.users.staff })).status).toBe(200);
    // Jobs are queued in the transaction that assigns: none queued means none on its way.
    const { rows } = await sql<{ taskId: string }>`
      select data->>'taskId' as "taskId" from pgboss.job
      where name = 'work.task-assigned' and data->>'taskId' in (${made.id}, ${later.id})`.execute(h.db);
    expect(rows).toEqual([]);
    // Given to someone else, the task is still news to them.
    expect((await staff.patch(`/tasks/${later.id}`, { version: 2, assigneeId: h.users.staff2 })).status).toBe(200);
    await h.mailTo('kim@coppertone.test', (m) => m.subject === 'Assigned to you: Mine later');
    // Off my list again, for the "my tasks" test below.
    expect((await staff.patch(`/tasks/${made.id}`, { version: 1, assigneeId: null })).status).toBe(200);
  });

  it('mails no assignee who turned "assigned to me" mails off (account page), and does once they turn them on', async () => {
    const staff = await h.as('staff');
    const task = await newTask({ title: 'Quiet please' });
    expect((await staff.patch(`/tasks/${task.id}`, { version: 1, assigneeId: h.users.staff2 })).status).toBe(200);
    const mailer = createMailer({ from: 'work@coppertone.test' });
    const job = taskAssignedJob({ db: h.db, mailer, publicUrl: 'https://portal.coppertone.test' });
    const data = { taskId: task.id, assigneeId: h.users.staff2, by: h.users.staff };
    const ctx = { log: createLogger({ name: 'test', level: 'silent' }), jobId: 'j1' };
    const mute = (muted: string[]) =>
      h.db.updateTable('users').set({ muted_notifications: muted }).where('id', '=', h.users.staff2).execute();
    await mute(['task_assigned']);
    await job.handle(data, ctx);
    expect(mailer.mailbox?.list()).toEqual([]);
    await mute([]);
    await job.handle(data, ctx);
    expect(mailer.mailbox?.list().map((m) => m.subject)).toEqual(['Assigned to you: Quiet please']);
  });

  it('records nothing when a form sends a task back with its dates and hours unchanged', async () => {
    const staff = await h.as('staff');
    const task = await newTask({ title: 'Resent form', dueOn: '2026-12-24' });
    const logged = await staff.patch(`/tasks/${task.id}`, { version: 1, status: 'in_progress', hoursSpent: 1.5 });
    expect(logged.body.version).toBe(2);
    const resent = await staff.patch(`/tasks/${task.id}`, {
      version: 2,
      title: 'Resent form',
      dueOn: '2026-12-24',
      hoursSpent: 1.5,
      status: 'in_progress',
    });
    expect(resent.status).toBe(200);
    expect(resent.body.version).toBe(2);
    const moved = await staff.patch(`/tasks/${task.id}`, { version: 2, dueOn: '2026-12-31', hoursSpent: 2 });
    expect(moved.body.version).toBe(3);
    const project = await staff.get(`/projects/${task.projectId}`);
    const entries = project.body.activity.filter(
      (a: { taskId: string; action: string }) => a.taskId === task.id && a.action === 'task.updated',
    );
    expect(entries.map((a: { changes: unknown }) => a.changes)).toEqual([
      { due_on: { from: '2026-12-24', to: '2026-12-31' }, hours_spent: { from: 1.5, to: 2 } },
      { status: { from: 'todo', to: 'in_progress' }, hours_spent: { from: 0, to: 1.5 } },
    ]);
  });
});

describe('bad input', () => {
  it('refuses a move the workflow forbids with 409 and the allowed moves', async () => {
    const task = await newTask();
    const res = await (await h.as('staff')).patch(`/tasks/${task.id}`, { version: 1, status: 'done' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ from: 'todo', allowed: ['in_progress', 'blocked'] });
  });

  it('refuses a stale version with 409 and the current task: nothing is silently overwritten', async () => {
    const staff = await h.as('staff');
    const task = await newTask();
    expect((await staff.patch(`/tasks/${task.id}`, { version: 1, title: 'First edit' })).status).toBe(200);
    const stale = await staff.patch(`/tasks/${task.id}`, { version: 1, title: 'Second edit' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.currentVersion).toBe(2);
    expect(stale.body.error.details.current.title).toBe('First edit');
  });

  it('lets exactly one of two concurrent writes with the same version win', async () => {
    const task = await newTask();
    const [a, b] = await Promise.all([
      (await h.as('staff')).patch(`/tasks/${task.id}`, { version: 1, title: 'Writer A' }),
      (await h.as('staff2')).patch(`/tasks/${task.id}`, { version: 1, title: 'Writer B' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const final = await (await h.as('staff')).get(`/tasks/${task.id}`);
    expect(final.body.title).toBe(a.status === 200 ? 'Writer A' : 'Writer B');
    expect(final.body.version).toBe(2);
  });

  it('answers unknown ids with 404 and malformed ones with 400 naming the id, never 500', async () => {
    const staff = await h.as('staff');
    for (const path of [
      '/tasks/00000000-0000-4000-8000-000000000000',
      '/projects/00000000-0000-4000-8000-000000000000',
      '/projects/00000000-0000-4000-8000-000000000000/tasks',
    ]) {
      expect((await staff.get(path)).status, path).toBe(404);
    }
    expect((await staff.patch('/tasks/00000000-0000-4000-8000-000000000000', { version: 1, title: 'x' })).status).toBe(
      404,
    );
    for (const [path, message] of [
      ['/tasks/not-a-uuid', 'Task must be an id'],
      ["/tasks/1' or '1'='1", 'Task must be an id'],
      ['/tasks/not-a-uuid/comments', 'Task must be an id'],
      ['/projects/123', 'Project must be an id'],
      ['/projects/123/tasks', 'Project must be an id'],
      ['/projects/123/activity', 'Project must be an id'],
      ['/companies/123', 'Company must be an id'],
    ] as const) {
      const res = await staff.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.fields, path).toEqual({ id: message });
    }
    const patch = await staff.patch('/tasks/not-a-uuid', { version: 1, title: 'x' });
    expect([patch.status, patch.body.error.fields]).toEqual([400, { id: 'Task must be an id' }]);
    // The caller is checked first: an anonymous one learns nothing about the id.
    expect((await (await h.as('anonymous')).get('/tasks/not-a-uuid')).status).toBe(401);
  });

  it('validates fields with 400 naming each, storing nothing', async () => {
    const staff = await h.as('staff');
    const res = await staff.post(`/projects/${projectId}/tasks`, {
      title: 'x'.repeat(201),
      description: 'd'.repeat(10_001),
      assigneeId: 'nobody',
      dueOn: '2026-02-30',
      priority: 'asap',
      visibleToClient: 'yes',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      'assigneeId',
      'description',
      'dueOn',
      'priority',
      'title',
      'visibleToClient',
    ]);
    const client = await staff.post(`/projects/${projectId}/tasks`, {
      title: 'For a client',
      assigneeId: h.users.clientA,
    });
    expect(client.body.error.fields).toEqual({ assigneeId: 'Not a member of staff' });
    const project = await staff.post('/projects', {
      companyId: h.companyA,
      name: 'Dates',
      startsOn: '2026-05-01',
      dueOn: '2026-04-01',
      budgetHours: -1,
    });
    expect(Object.keys(project.body.error.fields).sort()).toEqual(['budgetHours', 'dueOn']);
    const unknown = await staff.post('/projects', { companyId: '00000000-0000-4000-8000-000000000000', name: 'Ghost' });
    expect(unknown.body.error.fields).toEqual({ companyId: 'No such company' });
    expect(
      (await staff.patch(`/tasks/${(await newTask()).id}`, { title: 'no version' })).body.error.fields,
    ).toHaveProperty('version');
  });

  it('validates list filters instead of ignoring them', async () => {
    const staff = await h.as('staff');
    expect((await staff.get('/projects?status=archived')).status).toBe(400);
    expect((await staff.get('/projects?pageSize=1000')).status).toBe(400);
    expect((await staff.get(`/projects/${projectId}/tasks?assignee=bob`)).status).toBe(400);
  });
});

describe('lists', () => {
  it('pages and filters projects and tasks; "my tasks" lists what is assigned to me', async () => {
    const staff = await h.as('staff');
    for (let i = 0; i < 3; i++)
      await staff.post('/projects', {
        companyId: h.companyB,
        name: `B project ${i}`,
        status: i === 0 ? 'on_hold' : 'active',
      });
    const b = await staff.get(`/projects?company=${h.companyB}&pageSize=2`);
    expect(b.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(b.body.items).toHaveLength(2);
    expect((await staff.get(`/projects?company=${h.companyB}&pageSize=2&page=2`)).body.items).toHaveLength(1);
    expect((await staff.get(`/projects?company=${h.companyB}&status=on_hold`)).body.total).toBe(1);

    await newTask({ title: 'Mine', assigneeId: h.users.staff });
    const mine = await staff.get('/tasks');
    expect(mine.body.items.map((t: { title: string }) => t.title)).toContain('Mine');
    expect(mine.body.items.every((t: { assigneeId: string }) => t.assigneeId === h.users.staff)).toBe(true);
    const filtered = await staff.get(`/projects/${projectId}/tasks?assignee=me&status=todo`);
    expect(filtered.body.items.map((t: { title: string }) => t.title)).toEqual(['Mine']);
  });

  it('lists "my tasks" by what needs doing: open before done, soonest due first, undated last, then the most urgent', async () => {
    const staff = await h.as('staff');
    const p = (await staff.post('/projects', { companyId: h.companyA, name: 'Urgency order' })).body;
    const add = async (title: string, extra: Record<string, unknown>) => {
      const res = await staff.post(`/projects/${p.id}/tasks`, { title, assigneeId: h.users.staff, ...extra });
      expect(res.status).toBe(201);
      return res.body;
    };
    const finished = await add('Done early', { dueOn: '2026-01-01', priority: 'urgent' });
    for (const status of ['in_progress', 'in_review', 'done']) {
      const current = (await staff.get(`/tasks/${finished.id}`)).body;
      expect((await staff.patch(`/tasks/${finished.id}`, { version: current.version, status })).status).toBe(200);
    }
    await add('Undated, urgent', { priority: 'urgent' });
    await add('Due later', { dueOn: '2026-03-01', priority: 'urgent' });
    await add('Due soon, low', { dueOn: '2026-02-01', priority: 'low' });
    await add('Due soon, high', { dueOn: '2026-02-01', priority: 'high' });
    await add('Undated, normal', {});

    const mine = await staff.get('/tasks?pageSize=100');
    const titles = mine.body.items
      .filter((t: { projectId: string }) => t.projectId === p.id)
      .map((t: { title: string }) => t.title);
    expect(titles).toEqual([
      'Due soon, high',
      'Due soon, low',
      'Due later',
      'Undated, urgent',
      'Undated, normal',
      'Done early',
    ]);
    // A project's board keeps the order the tasks were added.
    const board = await staff.get(`/projects/${p.id}/tasks`);
    expect(board.body.items.map((t: { title: string }) => t.title)).toEqual([
      'Done early',
      'Undated, urgent',
      'Due later',
      'Due soon, low',
      'Due soon, high',
      'Undated, normal',
    ]);
  });
});

describe('the client view', () => {
  it('shows a client their projects with progress over the tasks they can see, and nothing else', async () => {
    const staff = await h.as('staff');
    const p = (await staff.post('/projects', { companyId: h.companyA, name: 'Client-visible counts' })).body;
    const shown = (await staff.post(`/projects/${p.id}/tasks`, { title: 'Shown', visibleToClient: true })).body;
    const hidden = (await staff.post(`/projects/${p.id}/tasks`, { title: 'Internal only' })).body;
    await staff.patch(`/tasks/${hidden.id}`, { version: 1, status: 'in_progress' });
    await staff.post(`/tasks/${shown.id}/comments`, { body: 'For the client', visibleToClient: true });
    await staff.post(`/tasks/${shown.id}/comments`, { body: 'Internal note' });

    const client = await h.as('clientA');
    const list = await client.get('/projects?pageSize=100');
    expect(list.body.items.every((x: { companyId: string }) => x.companyId === h.companyA)).toBe(true);
    const mine = list.body.items.find((x: { id: string }) => x.id === p.id);
    expect(mine.progress).toEqual({ done: 0, total: 1 });
    const detail = await client.get(`/projects/${p.id}`);
    expect(detail.body).not.toHaveProperty('activity');
    const tasks = await client.get(`/projects/${p.id}/tasks`);
    expect(tasks.body.items.map((t: { title: string }) => t.title)).toEqual(['Shown']);
    expect(tasks.body.total).toBe(1);
    expect((await client.get(`/projects/${p.id}/tasks?status=in_progress`)).body.total).toBe(0);
    expect((await client.get(`/tasks/${hidden.id}`)).status).toBe(404);
    const comments = await client.get(`/tasks/${shown.id}/comments`);
    expect(comments.body.items.map((m: { body: string }) => m.body)).toEqual(['For the client']);

    // Company filter cannot widen a client's view.
    expect((await client.get(`/projects?company=${h.companyB}`)).body.total).toBe(0);
    const other = await h.as('clientB');
    expect((await other.get(`/projects/${p.id}`)).status).toBe(404);
    expect((await other.get(`/tasks/${shown.id}`)).status).toBe(404);
  });
});
