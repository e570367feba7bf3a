import type { Database, ProjectStatus } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';
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
  if (scope.kind === 'company')
    q = q.where('p.company_id', '=', scope.companyId ?? '00000000-0000-0000-0000-000000000000');
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
