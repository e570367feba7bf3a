import type { Database, TaskPriority, TaskStatus } from '@coppertone/db';
import type { Kysely } from 'kysely';
import { dateOnly } from '../dates.ts';
import type { Scope } from '../policy.ts';

export interface TaskView {
  id: string;
  projectId: string;
  companyId: string;
  title: string;
  description: string;
  assigneeId: string | null;
  assigneeName: string | null;
  dueOn: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  visibleToClient: boolean;
  hoursSpent: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Tasks as a viewer may see them: clients only their company's client-visible tasks. */
export function tasksQuery(db: Kysely<Database>, scope: Scope) {
  let q = db
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .select([
      't.id',
      't.project_id as projectId',
      'p.company_id as companyId',
      't.title',
      't.description',
      't.assignee_id as assigneeId',
      'a.name as assigneeName',
      't.due_on as dueOn',
      't.priority',
      't.status',
      't.visible_to_client as visibleToClient',
      't.hours_spent as hoursSpent',
      't.version',
      't.created_at as createdAt',
      't.updated_at as updatedAt',
    ]);
  if (scope.kind === 'company') {
    q = q
      .where('p.company_id', '=', scope.companyId ?? '00000000-0000-0000-0000-000000000000')
      .where('t.visible_to_client', '=', true);
  }
  return q;
}

export const toTaskView = (
  row: Omit<TaskView, 'hoursSpent' | 'dueOn'> & { hoursSpent: string | number; dueOn: unknown },
): TaskView => ({
  ...row,
  dueOn: row.dueOn ? dateOnly(row.dueOn) : null,
  hoursSpent: Number(row.hoursSpent),
});

export async function findTask(db: Kysely<Database>, scope: Scope, id: string): Promise<TaskView | undefined> {
  const row = await tasksQuery(db, scope).where('t.id', '=', id).executeTakeFirst();
  return row ? toTaskView(row) : undefined;
}
