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
