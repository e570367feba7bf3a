import type { SessionUser } from '@coppertone/auth';
import { AppError } from '@coppertone/http';
import type { z } from '@hono/zod-openapi';
import { diff, recordActivity } from '../activity/activity.repo.ts';
import type { WorkDeps } from '../context.ts';
import { dateOnly } from '../dates.ts';
import { findProject, type ProjectView } from './projects.repo.ts';
import type { createProjectInput, updateProjectInput } from './projects.schema.ts';

const ALL = { kind: 'all' } as const;

export async function createProject(
  deps: WorkDeps,
  actor: SessionUser,
  input: z.infer<typeof createProjectInput>,
): Promise<ProjectView> {
  const id = await deps.db.transaction().execute(async (trx) => {
    const company = await trx.selectFrom('companies').select('id').where('id', '=', input.companyId).executeTakeFirst();
    if (!company)
      throw new AppError('validation_failed', 'No such company.', { fields: { companyId: 'No such company' } });
    const row = await trx
      .insertInto('projects')
      .values({
        company_id: input.companyId,
        name: input.name,
        description: input.description,
        status: input.status,
        starts_on: input.startsOn ?? null,
        due_on: input.dueOn ?? null,
        budget_hours: input.budgetHours ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordActivity(trx, {
      projectId: row.id,
      actorId: actor.userId,
      action: 'project.created',
      changes: { name: { from: null, to: input.name } },
    });
    return row.id;
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
    const current = await trx.selectFrom('projects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
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
    await trx
      .updateTable('projects')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .execute();
    const changes = diff(current as unknown as Record<string, unknown>, patch);
    if (Object.keys(changes).length)
      await recordActivity(trx, { projectId: id, actorId: actor.userId, action: 'project.updated', changes });
  });
  const project = (await findProject(deps.db, ALL, id)) as ProjectView;
  await deps.bus.publish({ type: 'project.changed', companyId: project.companyId, projectId: id });
  return project;
}
