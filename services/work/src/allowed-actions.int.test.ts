import type { TaskStatus } from '@coppertone/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_STATUSES } from './tasks/transitions.ts';
import { setupWork, type WorkHarness } from './testing.ts';

// The server tells each caller what it will accept from them (a task's `allowedMoves`, a project's
// `can`), so a page shows only actions that work; these check the promise against the real answers.

let h: WorkHarness;
let projectId: string;
beforeAll(async () => {
  h = await setupWork();
  projectId = (await (await h.as('staff')).post('/projects', { companyId: h.companyA, name: 'Permissions' })).body.id;
});
afterAll(() => h.close());

const newTask = async (title: string) =>
  (await (await h.as('staff')).post(`/projects/${projectId}/tasks`, { title, visibleToClient: true })).body;

/** A fresh task moved along the workflow to `status` by staff. */
async function taskIn(status: TaskStatus) {
  const staff = await h.as('staff');
  let task = await newTask(`In ${status}`);
  const path: Record<TaskStatus, TaskStatus[]> = {
    todo: [],
    in_progress: ['in_progress'],
    in_review: ['in_progress', 'in_review'],
    done: ['in_progress', 'done'],
    blocked: ['blocked'],
  };
  for (const step of path[status]) {
    const res = await staff.patch(`/tasks/${task.id}`, { version: task.version, status: step });
    expect(res.status).toBe(200);
    task = res.body;
  }
  return task;
}

describe("a task's allowedMoves", () => {
  it('offers staff and admins exactly the moves a PATCH accepts, from every status', async () => {
    for (const who of ['staff', 'admin'] as const) {
      const caller = await h.as(who);
      for (const from of TASK_STATUSES) {
        const offered = (await caller.get(`/tasks/${(await taskIn(from)).id}`)).body.allowedMoves;
        expect(offered.length, `${who}: some move out of ${from}`).toBeGreaterThan(0);
        for (const to of TASK_STATUSES.filter((s) => s !== from)) {
          // A fresh task per move: the workflow does not always allow the way back.
          const task = await taskIn(from);
          const res = await caller.patch(`/tasks/${task.id}`, { version: task.version, status: to });
          expect(res.status, `${who}: ${from} → ${to}`).toBe(offered.includes(to) ? 200 : 409);
        }
      }
    }
  });

  it('offers a client of the company no move, and a PATCH from them is refused', async () => {
    const task = await taskIn('in_progress');
    const client = await h.as('clientA');
    const read = await client.get(`/tasks/${task.id}`);
    expect(read.body).toMatchObject({ id: task.id, allowedMoves: [] });
    const board = await client.get(`/projects/${projectId}/tasks`);
    expect(board.body.items.length).toBeGreaterThan(0);
    for (const t of board.body.items) expect(t.allowedMoves).toEqual([]);
    expect((await client.patch(`/tasks/${task.id}`, { version: task.version, status: 'in_review' })).status).toBe(403);
  });

  it('rides on every answer that carries a task: board, my tasks, create, change, a 409', async () => {
    const staff = await h.as('staff');
    const created = await staff.post(`/projects/${projectId}/tasks`, {
      title: 'Mine',
      assigneeId: h.users.staff,
    });
    expect(created.body.allowedMoves).toEqual(['in_progress', 'blocked']);
    const board = (await staff.get(`/projects/${projectId}/tasks`)).body.items.find(
      (t: { id: string }) => t.id === created.body.id,
    );
    expect(board.allowedMoves).toEqual(['in_progress', 'blocked']);
    const mine = (await staff.get('/tasks')).body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(mine.allowedMoves).toEqual(['in_progress', 'blocked']);
    const moved = await staff.patch(`/tasks/${created.body.id}`, { version: 1, status: 'in_progress' });
    expect(moved.body.allowedMoves).toEqual(['todo', 'in_review', 'done', 'blocked']);
    const stale = await staff.patch(`/tasks/${created.body.id}`, { version: 1, status: 'done' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({
      status: 'in_progress',
      allowedMoves: ['todo', 'in_review', 'done', 'blocked'],
    });
  });

  it('comes with each live task change, for the viewer who receives it', async () => {
    const task = await newTask('Live');
    const staffStream = await (await h.as('staff2')).events('/events');
    const clientStream = await (await h.as('clientA')).events('/events');
    expect((await staffStream.next())?.event).toBe('ready');
    expect((await clientStream.next())?.event).toBe('ready');
    await (await h.as('staff')).patch(`/tasks/${task.id}`, { version: 1, status: 'blocked' });
    expect(await staffStream.next()).toMatchObject({
      event: 'task.changed',
      data: { id: task.id, allowedMoves: ['todo', 'in_progress'] },
    });
    expect(await clientStream.next()).toMatchObject({ event: 'task.changed', data: { id: task.id, allowedMoves: [] } });
    staffStream.close();
    clientStream.close();
  });
});

describe("a project's can flags", () => {
  const everything = { edit: true, addTask: true, changeStatus: true, invoiceHours: true };
  const nothing = { edit: false, addTask: false, changeStatus: false, invoiceHours: false };

  it('lets staff and admins do everything, on the list, the project and a change', async () => {
    for (const who of ['staff', 'admin'] as const) {
      const caller = await h.as(who);
      const one = await caller.get(`/projects/${projectId}`);
      expect(one.body.can).toEqual(everything);
      const listed = (await caller.get('/projects')).body.items.find((p: { id: string }) => p.id === projectId);
      expect(listed.can).toEqual(everything);
      const changed = await caller.patch(`/projects/${projectId}`, { version: one.body.version, description: who });
      expect(changed.status).toBe(200);
      expect(changed.body.can).toEqual(everything);
    }
    const created = await (await h.as('staff')).post('/projects', { companyId: h.companyB, name: 'New' });
    expect(created.body.can).toEqual(everything);
  });

  it('lets a client of the company only look, and the server refuses what the flags deny', async () => {
    const client = await h.as('clientA');
    const one = await client.get(`/projects/${projectId}`);
    expect(one.body.can).toEqual(nothing);
    const listed = (await client.get('/projects')).body.items.find((p: { id: string }) => p.id === projectId);
    expect(listed.can).toEqual(nothing);
    expect((await client.patch(`/projects/${projectId}`, { version: one.body.version, description: 'x' })).status).toBe(
      403,
    );
    expect((await client.post(`/projects/${projectId}/tasks`, { title: 'x' })).status).toBe(403);
  });
});
