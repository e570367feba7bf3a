import type { Database, ProjectStatus } from '@coppertone/db';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { dateOnly } from '../dates.ts';
import type { Scope } from '../policy.ts';

export interface ProjectView {
  id: string;
  companyId: string;
  companyName: string;
  name: string;
  description: string;
  status: ProjectStatus;
  startsOn: string | null;
  dueOn: string | null;
  budgetHours: number | null;
  hoursSpent: number;
  /** Counted over the tasks the viewer can see. */
  progress: { done: number; total: number };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Matches no row: a client account without a company sees nothing. */
export const NO_COMPANY = '00000000-0000-0000-0000-000000000000';

export interface ProjectFilter {
  status?: ProjectStatus;
  companyId?: string;
}

/** Projects as a viewer may see them, with progress counted over the tasks that viewer can see. */
export function projectsQuery(db: Kysely<Database>, scope: Scope, filter: ProjectFilter = {}) {
  const clientOnly = scope.kind === 'company';
  let q = db
    .selectFrom('projects as p')
    .innerJoin('companies as c', 'c.id', 'p.company_id')
    .select((eb) => [
      'p.id',
      'p.company_id as companyId',
      'c.name as companyName',
      'p.name',
      'p.description',
      'p.status',
      'p.starts_on as startsOn',
      'p.due_on as dueOn',
      'p.budget_hours as budgetHours',
      'p.version',
      'p.created_at as createdAt',
      'p.updated_at as updatedAt',
      eb
        .selectFrom('tasks as t')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('t.project_id', '=', 'p.id')
        .$if(clientOnly, (s) => s.where('t.visible_to_client', '=', true))
        .as('total'),
      eb
        .selectFrom('tasks as t')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('t.project_id', '=', 'p.id')
        .where('t.status', '=', 'done')
        .$if(clientOnly, (s) => s.where('t.visible_to_client', '=', true))
        .as('done'),
      eb
        .selectFrom('tasks as t')
        .select(sql<string>`coalesce(sum(t.hours_spent), 0)`.as('h'))
        .whereRef('t.project_id', '=', 'p.id')
        .as('hoursSpent'),
    ]);
  if (scope.kind === 'company') q = q.where('p.company_id', '=', scope.companyId ?? NO_COMPANY);
  if (filter.companyId) q = q.where('p.company_id', '=', filter.companyId);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  return q;
}

type Row = Awaited<ReturnType<ReturnType<typeof projectsQuery>['executeTakeFirstOrThrow']>>;

export const toProjectView = (r: Row): ProjectView => ({
  id: r.id,
  companyId: r.companyId,
  companyName: r.companyName,
  name: r.name,
  description: r.description,
  status: r.status,
  startsOn: r.startsOn ? dateOnly(r.startsOn) : null,
  dueOn: r.dueOn ? dateOnly(r.dueOn) : null,
  budgetHours: r.budgetHours === null ? null : Number(r.budgetHours),
  hoursSpent: Number(r.hoursSpent ?? 0),
  progress: { done: Number(r.done ?? 0), total: Number(r.total ?? 0) },
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export async function findProject(db: Kysely<Database>, scope: Scope, id: string): Promise<ProjectView | undefined> {
  const row = await projectsQuery(db, scope).where('p.id', '=', id).executeTakeFirst();
  return row ? toProjectView(row) : undefined;
}

/** The visible projects matching a filter, newest first, one page of them and their count. */
export async function pageProjects(
  db: Kysely<Database>,
  scope: Scope,
  filter: ProjectFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: ProjectView[]; total: number }> {
  const query = projectsQuery(db, scope, filter);
  const [rows, count] = await Promise.all([
    query
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toProjectView), total: Number(count.n) };
}

/** A visible project's identity only: one indexed lookup, for routes that need no counts. */
export function findProjectRef(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<{ id: string; companyId: string } | undefined> {
  return db
    .selectFrom('projects')
    .select(['id', 'company_id as companyId'])
    .where('id', '=', id)
    .$if(scope.kind === 'company', (q) =>
      q.where('company_id', '=', (scope.kind === 'company' && scope.companyId) || NO_COMPANY),
    )
    .executeTakeFirst();
}

export async function insertProject(db: Kysely<Database>, values: Insertable<Database['projects']>): Promise<string> {
  return (await db.insertInto('projects').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** The project's row, locked until the transaction ends (optimistic locking checks its version under it). */
export function lockProject(db: Kysely<Database>, id: string) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Writes a change and moves the version on. */
export async function writeProject(
  db: Kysely<Database>,
  id: string,
  patch: Updateable<Database['projects']>,
): Promise<void> {
  await db
    .updateTable('projects')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .execute();
}
