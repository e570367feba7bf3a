import type { SessionUser } from '@coppertone/auth';
import type { Database, TaskStatus } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import type { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activity.repo.ts';
import { diff } from '../activity/activity.service.ts';
import type { WorkDeps } from '../context.ts';
import { authorize, presentTask, scopeFor } from '../policy.ts';
import { TASK_ASSIGNED_JOB } from './tasks.jobs.ts';
import { findTask, insertTask, lockTask, pageTasks, type TaskView, userRole, writeTask } from './tasks.repo.ts';
import type { createTaskInput, myTasksQuery, taskListQuery, updateTaskInput } from './tasks.schema.ts';
import { canMove, TRANSITIONS } from './transitions.ts';

const ALL = { kind: 'all' } as const;

/** A visible project's board: its tasks in the order they were added, filtered by status and assignee. */
export async function listProjectTasks(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  projectId: string,
  q: z.infer<typeof taskListQuery>,
) {
  const assigneeId = q.assignee === 'me' ? actor.userId : q.assignee;
  const filter = { projectId, assigneeId, status: q.status as TaskStatus | undefined };
  const { items, total } = await pageTasks(deps.db, scopeFor(actor), filter, q);
  return { items, page: q.page, pageSize: q.pageSize, total };
}

/** My tasks: the caller's, across projects, what needs doing first at the top. */
export async function listMyTasks(deps: Pick<WorkDeps, 'db'>, actor: SessionUser, q: z.infer<typeof myTasksQuery>) {
  const filter = { assigneeId: actor.userId, status: q.status as TaskStatus | undefined };
  const { items, total } = await pageTasks(deps.db, scopeFor(actor), filter, q, true);
  return { items, page: q.page, pageSize: q.pageSize, total };
}

/** An assignee must be a member of staff: clients are never assigned work. */
async function checkAssignee(db: Kysely<Database>, assigneeId: string | null | undefined): Promise<void> {
  if (!assigneeId) return;
  const role = await userRole(db, assigneeId);
  if (!role || role === 'client') {
    throw new AppError('validation_failed', 'Tasks are assigned to staff.', {
      fields: { assigneeId: 'Not a member of staff' },
    });
  }
}

export async function createTask(
  deps: WorkDeps,
  actor: SessionUser,
  projectId: string,
  input: z.infer<typeof createTaskInput>,
): Promise<TaskView> {
  const id = await deps.db.transaction().execute(async (trx) => {
    await checkAssignee(trx, input.assigneeId);
    const id = await insertTask(trx, {
      project_id: projectId,
      title: input.title,
      description: input.description,
      assignee_id: input.assigneeId ?? null,
      due_on: input.dueOn ?? null,
      priority: input.priority,
      visible_to_client: input.visibleToClient,
    });
    await recordActivity(trx, {
      projectId,
      taskId: id,
      actorId: actor.userId,
      action: 'task.created',
      changes: { title: { from: null, to: input.title } },
    });
    // Nobody is e-mailed about work they gave themselves.
    if (input.assigneeId && input.assigneeId !== actor.userId) {
      await deps.jobs.send(TASK_ASSIGNED_JOB, { taskId: id, assigneeId: input.assigneeId, by: actor.userId }, { trx });
    }
    return id;
  });
  const task = (await findTask(deps.db, ALL, id)) as TaskView;
  await deps.bus.publish({ type: 'task.changed', companyId: task.companyId, projectId, wasVisible: false, task });
  return task;
}

/**
 * Changes a task the actor can see (else 404) and may change (else 403) under optimistic locking:
 * `version` must be the current one (else 409 with the current task), a status change must follow
 * the workflow (else 409 with the allowed moves), and every real change is written to the activity
 * log in the same transaction. A change that goes through reads the task's row once (locked) and
 * writes it once, the write answering the task as it now is.
 */
export async function updateTask(
  deps: WorkDeps,
  actor: SessionUser,
  id: string,
  input: z.infer<typeof updateTaskInput>,
): Promise<TaskView> {
  const { task, wasVisible } = await deps.db.transaction().execute(async (trx) => {
    const locked = await lockTask(trx, scopeFor(actor), id);
    if (!locked) throw new AppError('not_found', 'No such task.');
    authorize(actor, 'task.update');
    const { task: current, stored } = locked;
    if (current.version !== input.version) {
      // Read again: a lock that waited for the winning write sees its row but the names joined to
      // it (the assignee's) as they were before, and the caller merges what is sent here.
      const now = (await findTask(trx, ALL, id)) as TaskView;
      throw new AppError('conflict', 'Someone else changed this task; reload to see their change.', {
        details: { currentVersion: now.version, current: presentTask(actor, now) },
      });
    }
    const to = input.status as TaskStatus | undefined;
    if (to && !canMove(current.status, to)) {
      throw new AppError('conflict', `A task cannot move from ${current.status} to ${to}.`, {
        details: { from: current.status, allowed: TRANSITIONS[current.status] },
      });
    }
    await checkAssignee(trx, input.assigneeId);
    const patch = {
      title: input.title,
      description: input.description,
      assignee_id: input.assigneeId,
      due_on: input.dueOn,
      priority: input.priority,
      status: to,
      visible_to_client: input.visibleToClient,
      hours_spent: input.hoursSpent,
    };
    const changes = diff(stored, patch);
    // Unchanged: the locked read is the task as it is (any other write would have moved the version).
    if (!Object.keys(changes).length) return { task: current, wasVisible: current.visibleToClient };
    const task = await writeTask(trx, id, patch);
    await recordActivity(trx, {
      projectId: current.projectId,
      taskId: id,
      actorId: actor.userId,
      action: 'task.updated',
      changes,
    });
    if (input.assigneeId && input.assigneeId !== current.assigneeId && input.assigneeId !== actor.userId) {
      await deps.jobs.send(TASK_ASSIGNED_JOB, { taskId: id, assigneeId: input.assigneeId, by: actor.userId }, { trx });
    }
    return { task, wasVisible: current.visibleToClient };
  });
  await deps.bus.publish({
    type: 'task.changed',
    companyId: task.companyId,
    projectId: task.projectId,
    wasVisible,
    task,
  });
  return task;
}
