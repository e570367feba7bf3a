/** The plain logic behind the task board and the client's project page: columns, moves, live events. */
import type { Priority, ProjectStatus, Task, TaskStatus } from '#lib/api/work.ts';
import { formatDate } from '#lib/billing/dates.ts';

/** The board's columns, in workflow order (blocked at the end). */
export const TASK_STATUSES: readonly TaskStatus[] = ['todo', 'in_progress', 'in_review', 'done', 'blocked'];

export const STATUS_LABEL: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  in_review: 'In review',
  done: 'Done',
  blocked: 'Blocked',
};

export const PROJECT_STATUS_LABEL: Record<ProjectStatus, string> = {
  active: 'Active',
  on_hold: 'On hold',
  done: 'Done',
};

export const PRIORITY_LABEL: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/**
 * What a column is to a card dragged from it: its own column (a drop there would change nothing), a
 * move the server offers the viewer on this task (`allowedMoves`), or one it would refuse. Only
 * `open` columns accept the drop. The workflow itself lives on the server (services/work policy).
 */
export type DropState = 'origin' | 'open' | 'closed';

export function dropState(task: Pick<Task, 'status' | 'allowedMoves'>, column: TaskStatus): DropState {
  if (column === task.status) return 'origin';
  return task.allowedMoves.includes(column) ? 'open' : 'closed';
}

/** The drag data type of a task card (its id); drags of anything else never move a task. */
export const TASK_DRAG_TYPE = 'application/x-coppertone-task';

const PRIORITY_ORDER: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Tasks by status, every column present; within a column the most urgent first, then as listed. */
export function groupByStatus(tasks: readonly Task[]): Record<TaskStatus, Task[]> {
  const columns = Object.fromEntries(TASK_STATUSES.map((s) => [s, [] as Task[]])) as Record<TaskStatus, Task[]>;
  for (const task of tasks) (columns[task.status] ?? columns.todo).push(task);
  for (const status of TASK_STATUSES) {
    columns[status] = columns[status]
      .map((task, index) => ({ task, index }))
      .sort((a, b) => PRIORITY_ORDER[a.task.priority] - PRIORITY_ORDER[b.task.priority] || a.index - b.index)
      .map(({ task }) => task);
  }
  return columns;
}

export type WorkEvent =
  | { type: 'task.changed'; task: Task }
  | { type: 'task.removed'; id: string; projectId: string }
  | { type: 'project.changed'; projectId: string };

/**
 * A task list after one live event for `projectId`: a changed task replaces its older copy (never
 * a newer one, as events and our own answers can cross) or joins the list; a removed one leaves it.
 * Events of other projects leave the list as it is (the same array).
 */
export function applyEvent(tasks: readonly Task[], event: WorkEvent, projectId: string): readonly Task[] {
  if (event.type === 'task.changed') {
    const task = event.task;
    if (task.projectId !== projectId) return tasks;
    const index = tasks.findIndex((t) => t.id === task.id);
    if (index === -1) return [...tasks, task];
    const existing = tasks[index];
    if (existing && existing.version > task.version) return tasks;
    return tasks.map((t, i) => (i === index ? task : t));
  }
  if (event.type === 'task.removed') {
    if (event.projectId !== projectId) return tasks;
    return tasks.some((t) => t.id === event.id) ? tasks.filter((t) => t.id !== event.id) : tasks;
  }
  return tasks;
}

/** Reads one server-sent event into a `WorkEvent`, or undefined when it is not one we know. */
export function parseEvent(type: string, data: string): WorkEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (type === 'task.changed' && typeof record.id === 'string' && typeof record.projectId === 'string') {
    return { type, task: value as Task };
  }
  if (type === 'task.removed' && typeof record.id === 'string' && typeof record.projectId === 'string') {
    return { type, id: record.id, projectId: record.projectId };
  }
  if (type === 'project.changed' && typeof record.projectId === 'string') return { type, projectId: record.projectId };
  return undefined;
}

/** "12 of 20 hours", "3.5 hours" without a budget. */
export function hoursText(spent: number, budget: number | null): string {
  const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, ''));
  if (budget === null) return `${n(spent)} ${spent === 1 ? 'hour' : 'hours'} used`;
  return `${n(spent)} of ${n(budget)} hours used`;
}

/** Whole percent of `done` in `total`, 0 for an empty project. */
export const percent = (done: number, total: number): number => (total > 0 ? Math.round((done / total) * 100) : 0);

/** "12 Mar 2026" from "2026-03-12" (dates without time, shown as written, never shifted by a time zone). */
export function dateText(value: string | null): string {
  if (!value) return '';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
  return day ? formatDate(day) : value;
}

/** Today's date where the reader is, as `YYYY-MM-DD`. */
export const localToday = (now = new Date()): string =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

/** An unfinished task whose due date has passed (due today is not overdue yet). */
export const isOverdue = (task: Pick<Task, 'status' | 'dueOn'>, today = localToday()): boolean =>
  task.status !== 'done' && !!task.dueOn && task.dueOn.slice(0, 10) < today;
