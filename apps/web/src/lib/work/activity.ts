/** Activity log entries as sentences: who did what, and each change as before → after. */
import type { Activity, TaskStatus } from '#lib/api/work.ts';
import { dateText, PRIORITY_LABEL, PROJECT_STATUS_LABEL, STATUS_LABEL } from './board.ts';

const FIELD_LABEL: Record<string, string> = {
  status: 'Status',
  title: 'Title',
  name: 'Name',
  description: 'Description',
  assignee_id: 'Assignee',
  due_on: 'Due',
  starts_on: 'Starts',
  priority: 'Priority',
  visible_to_client: 'Visible to client',
  hours_spent: 'Hours spent',
  budget_hours: 'Budget hours',
};

export function activityText(item: Activity): string {
  const task = item.taskTitle ? `“${item.taskTitle}”` : 'a task';
  switch (item.action) {
    case 'project.created':
      return 'created the project';
    case 'project.updated':
      return 'changed the project';
    case 'task.created':
      return `added ${task}`;
    case 'task.updated':
      return `changed ${task}`;
    case 'comment.added':
      return `commented on ${task}`;
    default:
      return item.action;
  }
}

function valueText(field: string, value: unknown, names: ReadonlyMap<string, string>, project: boolean): string {
  if (value === null || value === undefined || value === '') return 'none';
  const text = String(value);
  if (field === 'status')
    return project
      ? (PROJECT_STATUS_LABEL[text as keyof typeof PROJECT_STATUS_LABEL] ?? text)
      : (STATUS_LABEL[text as TaskStatus] ?? text);
  if (field === 'priority') return PRIORITY_LABEL[text as keyof typeof PRIORITY_LABEL] ?? text;
  if (field === 'visible_to_client') return value === true || text === 'true' ? 'yes' : 'no';
  if (field === 'assignee_id') return names.get(text) ?? 'someone';
  if (field === 'due_on' || field === 'starts_on') return dateText(text);
  if (field === 'hours_spent' || field === 'budget_hours') return String(Number(text));
  if (field === 'description') return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return text;
}

/** The changes of one entry (stored as an object, or as JSON text by some drivers). */
export function changeLines(
  item: Activity,
  names: ReadonlyMap<string, string> = new Map(),
): { field: string; from: string; to: string }[] {
  let changes: unknown = item.changes;
  if (typeof changes === 'string') {
    try {
      changes = JSON.parse(changes);
    } catch {
      return [];
    }
  }
  // A creation's "changes" are its first values, which the sentence already names.
  if (typeof changes !== 'object' || changes === null || item.action.endsWith('.created')) return [];
  const project = item.action.startsWith('project.');
  return Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>).map(([field, change]) => ({
    field: FIELD_LABEL[field] ?? field,
    from: valueText(field, change?.from, names, project),
    to: valueText(field, change?.to, names, project),
  }));
}

/**
 * The log as shown: the newest entries (refreshed with the project) and the older pages fetched
 * with "Show more", newest first, each entry once (a page fetched before a refresh overlaps it).
 */
export function mergeActivity(head: readonly Activity[], older: readonly Activity[]): Activity[] {
  const byId = new Map<string, Activity>();
  for (const item of [...head, ...older]) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => {
    const x = BigInt(a.id);
    const y = BigInt(b.id);
    return x === y ? 0 : x > y ? -1 : 1;
  });
}
