import type { SessionUser } from '@coppertone/auth';
import type { z } from '@hono/zod-openapi';
import { recordActivity } from '../activity/activity.repo.ts';
import type { WorkDeps } from '../context.ts';
import { findComment, insertComment, listComments } from './comments.repo.ts';
import type { createCommentInput } from './comments.schema.ts';

/** The comments on a visible task: a client sees only those meant for them. */
export const commentsOn = async (deps: Pick<WorkDeps, 'db'>, actor: SessionUser, task: { id: string }) => ({
  items: await listComments(deps.db, task.id, actor.role === 'client'),
});

/** Adds a comment to a task (access is the caller's check) and notes it in the project's activity, in one transaction. */
export async function addComment(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  task: { id: string; projectId: string },
  input: z.infer<typeof createCommentInput>,
) {
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertComment(trx, {
      task_id: task.id,
      author_id: actor.userId,
      body: input.body,
      visible_to_client: input.visibleToClient,
    });
    await recordActivity(trx, {
      projectId: task.projectId,
      taskId: task.id,
      actorId: actor.userId,
      action: 'comment.added',
    });
    return id;
  });
  return findComment(deps.db, task.id, id);
}
