import type { SessionUser } from '@coppertone/auth';
import { AppError, isUuid } from '@coppertone/http';
import type { WorkDeps } from './context.ts';
import { authorize, scopeFor, type WorkAction } from './policy.ts';
import { findProject, type ProjectView } from './projects/projects.repo.ts';
import { findTask, type TaskView } from './tasks/tasks.repo.ts';

/**
 * Loads a project the actor can see, then checks the action: anything outside the actor's view is
 * 404 whatever its id (no existence leak), a visible one they may not act on is 403.
 */
export async function projectFor(
  deps: WorkDeps,
  actor: SessionUser,
  id: string | undefined,
  action: WorkAction,
): Promise<ProjectView> {
  const project = isUuid(id) ? await findProject(deps.db, scopeFor(actor), id) : undefined;
  if (!project) throw new AppError('not_found', 'No such project.');
  authorize(actor, action);
  return project;
}

/**
 * The same check as `projectFor` for routes that need only the project's identity (the board,
 * adding a task, an update): one indexed lookup instead of the project with its task counts.
 */
export async function projectRefFor(
  deps: WorkDeps,
  actor: SessionUser,
  id: string | undefined,
  action: WorkAction,
): Promise<{ id: string; companyId: string }> {
  const scope = scopeFor(actor);
  const project = isUuid(id)
    ? await deps.db
        .selectFrom('projects')
        .select(['id', 'company_id as companyId'])
        .where('id', '=', id)
        .$if(scope.kind === 'company', (q) =>
          q.where(
            'company_id',
            '=',
            (scope.kind === 'company' && scope.companyId) || '00000000-0000-0000-0000-000000000000',
          ),
        )
        .executeTakeFirst()
    : undefined;
  if (!project) throw new AppError('not_found', 'No such project.');
  authorize(actor, action);
  return project;
}

export async function taskFor(
  deps: WorkDeps,
  actor: SessionUser,
  id: string | undefined,
  action: WorkAction,
): Promise<TaskView> {
  const task = isUuid(id) ? await findTask(deps.db, scopeFor(actor), id) : undefined;
  if (!task) throw new AppError('not_found', 'No such task.');
  authorize(actor, action);
  return task;
}
