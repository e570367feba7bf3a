import type { Task } from '#lib/api/work.ts';

/** A task for unit tests: a todo one with the moves staff may make from there, `over` applied. */
export const aTask = (over: Partial<Task> = {}): Task => ({
  id: 't1',
  projectId: 'p1',
  companyId: 'c1',
  title: 'Task',
  description: '',
  assigneeId: null,
  assigneeName: null,
  dueOn: null,
  priority: 'normal',
  status: 'todo',
  visibleToClient: false,
  hoursSpent: 0,
  version: 1,
  allowedMoves: ['in_progress', 'blocked'],
  ...over,
});
