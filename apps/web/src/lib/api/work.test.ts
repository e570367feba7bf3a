import { describe, expect, it } from 'vitest';
import { ApiError, errorFrom } from './client.ts';
import { currentTaskOf, type Task, taskFrom } from './work.ts';

const TASK: Task = {
  id: '5f0c1d4e-0000-4000-8000-000000000001',
  projectId: '5f0c1d4e-0000-4000-8000-000000000002',
  companyId: '5f0c1d4e-0000-4000-8000-000000000003',
  title: 'Write the copy',
  description: '',
  assigneeId: null,
  assigneeName: null,
  dueOn: '2026-12-24',
  priority: 'high',
  status: 'in_progress',
  visibleToClient: false,
  hoursSpent: 1.5,
  version: 3,
  allowedMoves: ['todo', 'in_review', 'done', 'blocked'],
};

/** A 409 as `updateTask` throws it: the server's answer read by the client's `errorFrom`. */
const refusal = (details: unknown, status = 409) =>
  errorFrom(
    new Response(JSON.stringify({ error: { code: 'conflict', message: 'Someone else changed this task.', details } }), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  );

describe('currentTaskOf', () => {
  it('takes the task a stale version’s 409 carries, as the server sent it', async () => {
    // The server sends more than a Task (its timestamps): only the Task's fields are kept.
    const sent = { ...TASK, createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-02T10:00:00.000Z' };
    const failure = await refusal({ currentVersion: 3, current: sent });
    expect(currentTaskOf(failure, TASK.id)).toEqual(TASK);
    const assigned = { ...TASK, assigneeId: '5f0c1d4e-0000-4000-8000-000000000004', assigneeName: 'kim', dueOn: null };
    expect(currentTaskOf(await refusal({ current: assigned }), TASK.id)).toEqual(assigned);
  });

  it('has none for a refused move (read again), another failure or another task', async () => {
    expect(
      currentTaskOf(await refusal({ from: 'todo', allowed: ['in_progress', 'blocked'] }), TASK.id),
    ).toBeUndefined();
    expect(currentTaskOf(await refusal(undefined), TASK.id)).toBeUndefined();
    expect(currentTaskOf(await refusal({ current: TASK }, 400), TASK.id)).toBeUndefined();
    expect(currentTaskOf(await refusal({ current: TASK }), TASK.projectId)).toBeUndefined();
    expect(currentTaskOf(new Error('offline'), TASK.id)).toBeUndefined();
    expect(currentTaskOf(new ApiError({ status: 0, code: 'network', message: 'x' }), TASK.id)).toBeUndefined();
  });

  it('trusts no malformed task: each field missing or of another type is refused', async () => {
    const broken: Record<string, unknown>[] = [
      { id: 42 },
      { title: undefined },
      { description: null },
      { companyId: undefined },
      { assigneeId: 7 },
      { assigneeName: undefined },
      { dueOn: false },
      { priority: 'asap' },
      { status: 'archived' },
      { status: 'toString' },
      { visibleToClient: 'yes' },
      { hoursSpent: '1.5' },
      { hoursSpent: -1 },
      { version: 2.5 },
      { version: 0 },
      { version: '3' },
      { allowedMoves: 'done' },
      { allowedMoves: ['done', 'gone'] },
    ];
    for (const change of broken) {
      expect(currentTaskOf(await refusal({ current: { ...TASK, ...change } }), TASK.id), JSON.stringify(change)).toBe(
        undefined,
      );
    }
    for (const current of [null, 'task', [TASK], 3]) {
      expect(currentTaskOf(await refusal({ current }), TASK.id)).toBeUndefined();
    }
    expect(taskFrom(TASK)).toEqual(TASK);
  });
});
