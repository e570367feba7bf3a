import type { SessionUser } from '@coppertone/auth';
import { AppError } from '@coppertone/http';
import type { z } from '@hono/zod-openapi';
import { listActivity, recordActivity } from '../activity/activity.repo.ts';
import { diff } from '../activity/activity.service.ts';
import { companyExists } from '../companies/companies.repo.ts';
import type { WorkDeps } from '../context.ts';
import { dateOnly } from '../dates.ts';
import { can, scopeFor } from '../policy.ts';
import {
  findProject,
  insertProject,
  lockProject,
  type ProjectFilter,
  type ProjectView,
  pageProjects,
  writeProject,
} from './projects.repo.ts';
import type { createProjectInput, updateProjectInput } from './projects.schema.ts';

const ALL = { kind: 'all' } as const;

/** The projects the actor can see, newest first, one page. */
export async function listProjects(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  q: ProjectFilter & { page: number; pageSize: number },
) {
  const { items, total } = await pageProjects(
    deps.db,
    scopeFor(actor),
    { status: q.status, companyId: q.companyId },
    q,
  );
  return { items, page: q.page, pageSize: q.pageSize, total };
}

/** A visible project as its page shows it: staff also get the latest of its activity log. */
export async function projectPage(deps: Pick<WorkDeps, 'db'>, actor: SessionUser, project: ProjectView) {
  const activity = can(actor, 'project.activity') ? await listActivity(deps.db, project.id) : undefined;
  return { ...project, ...(activity ? { activity } : {}) };
}

export async function createProject(
  deps: WorkDeps,
  actor: SessionUser,
  input: z.infer<typeof createProjectInput>,
): Promise<ProjectView> {
  const id = await deps.db.transaction().execute(async (trx) => {
    if (!(await companyExists(trx, input.companyId)))
      throw new AppError('validation_failed', 'No such company.', { fields: { companyId: 'No such company' } });
    const id = await insertProject(trx, {
      company_id: input.companyId,
      name: input.name,
      description: input.description,
      status: input.status,
      starts_on: input.startsOn ?? null,
      due_on: input.dueOn ?? null,
      budget_hours: input.budgetHours ?? null,
      created_by: actor.userId,
    });
    await recordActivity(trx, {
      projectId: id,
      actorId: actor.userId,
      action: 'project.created',
      changes: { name: { from: null, to: input.name } },
    });
    return id;
  });
  const project = (await findProject(deps.db, ALL, id)) as ProjectView;
  await deps.bus.publish({ type: 'project.changed', companyId: project.companyId, projectId: id });
  return project;
}

/** Updates a project if `version` is still current: a stale write gets 409 with the current state. */
export async function updateProject(
  deps: WorkDeps,
  actor: SessionUser,
  id: string,
  input: z.infer<typeof updateProjectInput>,
): Promise<ProjectView> {
  await deps.db.transaction().execute(async (trx) => {
    const current = await lockProject(trx, id);
    if (!current) throw new AppError('not_found', 'No such project.');
    if (current.version !== input.version) {
      throw new AppError('conflict', 'Someone else changed this project; reload and try again.', {
        details: { currentVersion: current.version },
      });
    }
    const patch = {
      name: input.name,
      description: input.description,
      status: input.status,
      starts_on: input.startsOn,
      due_on: input.dueOn,
      budget_hours: input.budgetHours,
    };
    // Stored dates arrive as Dates; compared as YYYY-MM-DD, like the input.
    const startsOn = input.startsOn === undefined ? current.starts_on && dateOnly(current.starts_on) : input.startsOn;
    const dueOn = input.dueOn === undefined ? current.due_on && dateOnly(current.due_on) : input.dueOn;
    if (startsOn && dueOn && dueOn < startsOn) {
      throw new AppError('validation_failed', 'Due date must not be before the start date.', {
        fields: { dueOn: 'Due date must not be before the start date' },
      });
    }
    await writeProject(trx, id, patch);
    const changes = diff(current as unknown as Record<string, unknown>, patch);
    if (Object.keys(changes).length)
      await recordActivity(trx, { projectId: id, actorId: actor.userId, action: 'project.updated', changes });
  });
  const project = (await findProject(deps.db, ALL, id)) as ProjectView;
  await deps.bus.publish({ type: 'project.changed', companyId: project.companyId, projectId: id });
  return project;
}
