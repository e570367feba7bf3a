import type { SessionUser } from '@coppertone/auth';
import type { Database, TaskStatus } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import type { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { diff, recordActivity } from '../activity/activity.repo.ts';
import type { WorkDeps } from '../context.ts';
import { presentTask } from '../policy.ts';
import { TASK_ASSIGNED_JOB } from './tasks.jobs.ts';
import { findTask, type TaskView } from './tasks.repo.ts';
import type { createTaskInput, updateTaskInput } from './tasks.schema.ts';
import { canMove, TRANSITIONS } from './transitions.ts';

const ALL = { kind: 'all' } as const;

/** An assignee must be a member of staff: clients are never assigned work. */
async function checkAssignee(db: Kysely<Database>, assigneeId: string | null | undefined): Promise<void> {
  if (!assigneeId) return;
  const user = await db.selectFrom('users').select('role').where('id', '=', assigneeId).executeTakeFirst();
  if (!user || user.role === 'client') {
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
    const row = await trx
      .insertInto('tasks')
      .values({
        project_id: projectId,
        title: input.title,
        description: input.description,
        assignee_id: input.assigneeId ?? null,
        due_on: input.dueOn ?? null,
        priority: input.priority,
        visible_to_client: input.visibleToClient,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordActivity(trx, {
      projectId,
      taskId: row.id,
      actorId: actor.userId,
      action: 'task.created',
      changes: { title: { from: null, to: input.title } },
    });
    if (input.assigneeId) {
      await deps.jobs.send(
        TASK_ASSIGNED_JOB,
        { taskId: row.id, assigneeId: input.assigneeId, by: actor.userId },
        { trx },
      );
    }
    return row.id;
  });
  const task = (await findTask(deps.db, ALL, id)) as TaskView;
  await deps.bus.publish({ type: 'task.changed', companyId: task.companyId, projectId, wasVisible: false, task });
  return task;
}

/**
 * Changes a task under optimistic locking: `version` must be the current one (else 409 with the
 * current task), a status change must follow the workflow (else 409 with the allowed moves), and
 * every real change is written to the activity log in the same transaction.
 */
export async function updateTask(
  deps: WorkDeps,
  actor: SessionUser,
  id: string,
  input: z.infer<typeof updateTaskInput>,
): Promise<TaskView> {
  const { projectId, wasVisible } = await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw new AppError('not_found', 'No such task.');
    if (current.version !== input.version) {
      throw new AppError('conflict', 'Someone else changed this task; reload to see their change.', {
        details: {
          currentVersion: current.version,
          current: presentTask(actor, (await findTask(trx, ALL, id)) as TaskView),
        },
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
    const changes = diff(current as unknown as Record<string, unknown>, patch);
    if (!Object.keys(changes).length) return { projectId: current.project_id, wasVisible: current.visible_to_client };
    await trx
      .updateTable('tasks')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .execute();
    await recordActivity(trx, {
      projectId: current.project_id,
      taskId: id,
      actorId: actor.userId,
      action: 'task.updated',
      changes,
    });
    if (input.assigneeId && input.assigneeId !== current.assignee_id) {
      await deps.jobs.send(TASK_ASSIGNED_JOB, { taskId: id, assigneeId: input.assigneeId, by: actor.userId }, { trx });
    }
    return { projectId: current.project_id, wasVisible: current.visible_to_client };
  });
  const task = (await findTask(deps.db, ALL, id)) as TaskView;
  await deps.bus.publish({ type: 'task.changed', companyId: task.companyId, projectId, wasVisible, task });
  return task;
}
