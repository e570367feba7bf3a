import type { SessionUser } from '@coppertone/auth';
import type { z } from '@hono/zod-openapi';
import { recordActivity } from '../activity/activity.repo.ts';
import type { WorkDeps } from '../context.ts';
import type { createCommentInput } from './comments.schema.ts';

/** Adds a comment to a task (access is the caller's check) and notes it in the project's activity, in one transaction. */
export async function addComment(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  task: { id: string; projectId: string },
  input: z.infer<typeof createCommentInput>,
): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('task_comments')
      .values({
        task_id: task.id,
        author_id: actor.userId,
        body: input.body,
        visible_to_client: input.visibleToClient,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordActivity(trx, {
      projectId: task.projectId,
      taskId: task.id,
      actorId: actor.userId,
      action: 'comment.added',
    });
    return row.id;
  });
}
