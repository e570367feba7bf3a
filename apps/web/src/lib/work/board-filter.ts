/** The board's filters (assignee, priority) and the card's move layout: plain logic, no DOM. */
import type { Priority, Task, TaskStatus } from '#lib/api/work.ts';
import { UNASSIGNED } from './assignees.ts';
import { PRIORITY_LABEL } from './board.ts';

export interface BoardFilter {
  /** A staff id, UNASSIGNED, or '' for anyone. */
  assignee: string;
  /** A priority, or '' for any. */
  priority: Priority | '';
}

const PRIORITIES = Object.keys(PRIORITY_LABEL) as Priority[];

/** The filter a URL asks for (`?assignee=…&priority=…`); unknown priorities are ignored. */
export function filterFromUrl(search: Pick<URLSearchParams, 'get'>): BoardFilter {
  const priority = search.get('priority') ?? '';
  return {
    assignee: search.get('assignee') ?? '',
    priority: PRIORITIES.includes(priority as Priority) ? (priority as Priority) : '',
  };
}

/** `url` with the filter in its query (empty choices removed), other parameters kept. */
export function urlWithFilter(url: { href: string }, filter: BoardFilter): URL {
  const next = new URL(url.href);
  for (const key of ['assignee', 'priority'] as const) {
    if (filter[key]) next.searchParams.set(key, filter[key]);
    else next.searchParams.delete(key);
  }
  return next;
}

export const isFiltered = (filter: BoardFilter): boolean => filter.assignee !== '' || filter.priority !== '';

export function matches(task: Task, filter: BoardFilter): boolean {
  if (filter.priority && task.priority !== filter.priority) return false;
  if (filter.assignee === UNASSIGNED) return task.assigneeId === null;
  return !filter.assignee || task.assigneeId === filter.assignee;
}

export const applyFilter = (tasks: readonly Task[], filter: BoardFilter): readonly Task[] =>
  isFiltered(filter) ? tasks.filter((task) => matches(task, filter)) : tasks;

/**
 * The moves a card shows as buttons (at most two, the usual next steps first) and the rest, kept
 * in its "more" menu, so a card's buttons stay on one row in a narrow column. Which moves there
 * are is the server's word (`allowedMoves`); this only puts the usual ones first.
 */
const USUAL: Record<TaskStatus, readonly TaskStatus[]> = {
  todo: ['in_progress', 'blocked'],
  in_progress: ['in_review', 'done'],
  in_review: ['done', 'in_progress'],
  done: ['in_progress'],
  blocked: ['in_progress', 'todo'],
};

export function movesLayout(task: Pick<Task, 'status' | 'allowedMoves'>): { shown: TaskStatus[]; more: TaskStatus[] } {
  const allowed = task.allowedMoves;
  const shown = (USUAL[task.status] ?? []).filter((to) => allowed.includes(to)).slice(0, 2);
  return { shown, more: allowed.filter((to) => !shown.includes(to)) };
}
