import type { SessionUser } from '@coppertone/auth';
import { AppError } from '@coppertone/http';
import type { WorkDeps } from './context.ts';
import { authorize, scopeFor, type WorkAction } from './policy.ts';
import { findProject, findProjectRef, type ProjectView } from './projects/projects.repo.ts';
import { findTask, type TaskView } from './tasks/tasks.repo.ts';

// Ids arrive validated by the route (a malformed one is a 400 before any lookup).

/**
 * Loads a project the actor can see, then checks the action: anything outside the actor's view is
 * 404 whatever its id (no existence leak), a visible one they may not act on is 403.
 */
export async function projectFor(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  id: string,
  action: WorkAction,
): Promise<ProjectView> {
  const project = await findProject(deps.db, scopeFor(actor), id);
  if (!project) throw new AppError('not_found', 'No such project.');
  authorize(actor, action);
  return project;
}

/**
 * The same check as `projectFor` for routes that need only the project's identity (the board,
 * adding a task, an update): one indexed lookup instead of the project with its task counts.
 */
export async function projectRefFor(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  id: string,
  action: WorkAction,
): Promise<{ id: string; companyId: string }> {
  const project = await findProjectRef(deps.db, scopeFor(actor), id);
  if (!project) throw new AppError('not_found', 'No such project.');
  authorize(actor, action);
  return project;
}

export async function taskFor(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  id: string,
  action: WorkAction,
): Promise<TaskView> {
  const task = await findTask(deps.db, scopeFor(actor), id);
  if (!task) throw new AppError('not_found', 'No such task.');
  authorize(actor, action);
  return task;
}
