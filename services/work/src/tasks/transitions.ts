import type { TaskStatus } from '@coppertone/db';

export const TASK_STATUSES: TaskStatus[] = ['todo', 'in_progress', 'in_review', 'done', 'blocked'];

/** The task workflow: todo → in_progress → in_review → done, with blocked beside it and reopening. */
export const TRANSITIONS: Record<TaskStatus, TaskStatus[]> = {
  todo: ['in_progress', 'blocked'],
  in_progress: ['todo', 'in_review', 'done', 'blocked'],
  in_review: ['in_progress', 'done', 'blocked'],
  done: ['in_progress'],
  blocked: ['todo', 'in_progress'],
};

export const canMove = (from: TaskStatus, to: TaskStatus): boolean => from === to || TRANSITIONS[from].includes(to);
