/**
 * Two people editing one task: the task page keeps the version its form started from (the base),
 * what the person has typed (mine) and the newest version from the server (theirs), and merges them
 * field by field, so nobody's unsaved change is thrown away. A field only one side changed takes that
 * side; a field both changed to different values is a conflict the person settles (theirs or mine).
 */
import type { Priority, Task, TaskStatus } from '#lib/api/work.ts';
import { UNASSIGNED } from './assignees.ts';

/** The edit form's values, as its fields hold them. */
export interface TaskDraft {
  title: string;
  description: string;
  status: TaskStatus;
  priority: Priority;
  assigneeId: string;
  dueOn: string;
  hoursSpent: string;
  visibleToClient: boolean;
}

export type TaskField = keyof TaskDraft;

/** In the order the form shows them. */
export const TASK_FIELDS: readonly TaskField[] = [
  'title',
  'description',
  'status',
  'priority',
  'assigneeId',
  'dueOn',
  'hoursSpent',
  'visibleToClient',
];

export const FIELD_LABEL: Record<TaskField, string> = {
  title: 'Title',
  description: 'Description',
  status: 'Status',
  priority: 'Priority',
  assigneeId: 'Assignee',
  dueOn: 'Due',
  hoursSpent: 'Hours spent',
  visibleToClient: 'Visible to the client',
};

export function draftOf(task: Task): TaskDraft {
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    assigneeId: task.assigneeId ?? UNASSIGNED,
    dueOn: task.dueOn?.slice(0, 10) ?? '',
    hoursSpent: String(task.hoursSpent),
    visibleToClient: task.visibleToClient,
  };
}

/** Equal as the server would store them: text trimmed, hours as a number. */
export function sameValue<F extends TaskField>(field: F, a: TaskDraft[F], b: TaskDraft[F]): boolean {
  if (field === 'title' || field === 'description') return String(a).trim() === String(b).trim();
  if (field === 'hoursSpent') {
    const number = (v: unknown) => (String(v).trim() === '' ? Number.NaN : Number(v));
    const [x, y] = [number(a), number(b)];
    return Number.isFinite(x) && Number.isFinite(y) ? x === y : a === b;
  }
  return a === b;
}

/** The fields where the person's draft differs from the version it started from. */
export const editedFields = (base: TaskDraft, mine: TaskDraft): TaskField[] =>
  TASK_FIELDS.filter((field) => !sameValue(field, base[field], mine[field]));

/** A field both sides changed differently: their value, kept beside the person's until settled. */
export type Conflicts = Partial<{ [F in TaskField]: TaskDraft[F] }>;

export interface Merged {
  /** What the form shows now: theirs where the person had not edited, the person's own elsewhere. */
  draft: TaskDraft;
  /** Unsettled conflicts, with the newest value of theirs. */
  conflicts: Conflicts;
  /** Fields that took someone else's change quietly (the person had not touched them). */
  updated: TaskField[];
}

function set<F extends TaskField>(target: Partial<TaskDraft>, field: F, value: TaskDraft[F]) {
  target[field] = value;
}

/**
 * Merges a newer version (`theirs`) into the person's draft that started from `base`. Conflicts
 * already open stay open (with the newest of their value) unless both sides now agree.
 */
export function merge(base: TaskDraft, mine: TaskDraft, theirs: TaskDraft, open: Conflicts = {}): Merged {
  const draft: Partial<TaskDraft> = {};
  const conflicts: Partial<TaskDraft> = {};
  const updated: TaskField[] = [];
  for (const field of TASK_FIELDS) {
    const edited = !sameValue(field, base[field], mine[field]) || field in open;
    const changed = !sameValue(field, base[field], theirs[field]);
    if (!edited) {
      set(draft, field, theirs[field]);
      if (changed) updated.push(field);
    } else {
      set(draft, field, mine[field]);
      const agree = sameValue(field, mine[field], theirs[field]);
      if (!agree && (changed || field in open)) set(conflicts, field, theirs[field]);
    }
  }
  return { draft: draft as TaskDraft, conflicts: conflicts as Conflicts, updated };
}

/** The conflicts left once the person settles `field` (taking theirs or keeping their own). */
export function settle(conflicts: Conflicts, field: TaskField): Conflicts {
  const rest = { ...conflicts };
  delete rest[field];
  return rest;
}

export const conflictFields = (conflicts: Conflicts): TaskField[] => TASK_FIELDS.filter((f) => f in conflicts);
