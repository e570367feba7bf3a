import type { Database, TaskStatus } from '@coppertone/db';
import type { z } from '@hono/zod-openapi';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { dateOnly } from '../dates.ts';
import type { Scope } from '../policy.ts';
import { NO_COMPANY } from '../projects/projects.repo.ts';
import type { taskSchema } from './tasks.schema.ts';

/** A task as the API speaks of it (its answer schema, without the caller's allowedMoves), with its times. */
export type TaskView = Omit<z.infer<typeof taskSchema>, 'allowedMoves'> & { createdAt: Date; updatedAt: Date };

/** The columns of a task as the API speaks of it, from `tasks as t` (or a change's returned row named t). */
const TASK_COLUMNS = [
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
] as const;

/** Tasks as a viewer may see them: clients only their company's client-visible tasks. */
export function tasksQuery(db: Kysely<Database>, scope: Scope) {
  let q = db
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .select(TASK_COLUMNS);
  if (scope.kind === 'company') {
    q = q.where('p.company_id', '=', scope.companyId ?? NO_COMPANY).where('t.visible_to_client', '=', true);
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

export interface TaskFilter {
  projectId?: string;
  assigneeId?: string;
  status?: TaskStatus;
}

/**
 * One page of the visible tasks matching a filter and their count: in the order they were added
 * (a board), or `byUrgency` (my tasks): open ones first, soonest due first (undated last), then the
 * most urgent.
 */
export async function pageTasks(
  db: Kysely<Database>,
  scope: Scope,
  filter: TaskFilter,
  page: { page: number; pageSize: number },
  byUrgency = false,
): Promise<{ items: TaskView[]; total: number }> {
  const query = tasksQuery(db, scope)
    .$if(!!filter.projectId, (q) => q.where('t.project_id', '=', filter.projectId as string))
    .$if(!!filter.assigneeId, (q) => q.where('t.assignee_id', '=', filter.assigneeId as string))
    .$if(!!filter.status, (q) => q.where('t.status', '=', filter.status as TaskStatus));
  const ordered = byUrgency
    ? query
        .orderBy(sql`t.status = 'done'`)
        .orderBy(sql`t.due_on asc nulls last`)
        .orderBy(sql`array_position(array['urgent', 'high', 'normal', 'low'], t.priority)`)
    : query;
  const [rows, count] = await Promise.all([
    ordered
      .orderBy('t.created_at')
      .orderBy('t.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toTaskView), total: Number(count.n) };
}

export async function userRole(db: Kysely<Database>, id: string) {
  return (await db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirst())?.role;
}

export async function insertTask(db: Kysely<Database>, values: Insertable<Database['tasks']>): Promise<string> {
  return (await db.insertInto('tasks').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** A task read to be changed: as the API speaks of it, and the columns a change may touch as stored (what the activity log compares). */
export interface LockedTask {
  task: TaskView;
  stored: Record<string, unknown>;
}

/**
 * A task the viewer may see, its row locked until the transaction ends (optimistic locking checks
 * its version under the lock). One read serves the visibility check, the version check and the diff.
 */
export async function lockTask(db: Kysely<Database>, scope: Scope, id: string): Promise<LockedTask | undefined> {
  const row = await tasksQuery(db, scope).where('t.id', '=', id).forUpdate('t').executeTakeFirst();
  if (!row) return undefined;
  return {
    task: toTaskView(row),
    stored: {
      title: row.title,
      description: row.description,
      assignee_id: row.assigneeId,
      due_on: row.dueOn,
      priority: row.priority,
      status: row.status,
      visible_to_client: row.visibleToClient,
      hours_spent: row.hoursSpent,
    },
  };
}

/** Writes a change, moves the version on and answers the task as it now is, in the same statement. */
export async function writeTask(
  db: Kysely<Database>,
  id: string,
  patch: Updateable<Database['tasks']>,
): Promise<TaskView> {
  const row = await db
    .with('t', (db) =>
      db
        .updateTable('tasks')
        .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', '=', id)
        .returningAll(),
    )
    .selectFrom('t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .select(TASK_COLUMNS)
    .executeTakeFirstOrThrow();
  return toTaskView(row);
}

/** What the assignment mail says: the task, its project, its assignee's address and who assigned it. */
export function assignmentMail(db: Kysely<Database>, taskId: string, by: string) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .innerJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('users as b', (j) => j.on('b.id', '=', by))
    .select([
      't.title',
      't.project_id',
      't.assignee_id',
      'p.name as project',
      'a.email',
      'a.name as assignee',
      'b.name as byName',
      'a.muted_notifications',
    ])
    .where('t.id', '=', taskId)
    .executeTakeFirst();
}
