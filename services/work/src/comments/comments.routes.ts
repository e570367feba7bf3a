import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { taskFor } from '../access.ts';
import type { WorkDeps } from '../context.ts';
import { commentSchema, createCommentInput } from './comments.schema.ts';
import { addComment } from './comments.service.ts';

export function registerCommentRoutes(app: FunctionApp, deps: WorkDeps): void {
  const comments = (taskId: string, clientView: boolean) =>
    deps.db
      .selectFrom('task_comments as m')
      .leftJoin('users as u', 'u.id', 'm.author_id')
      .select([
        'm.id',
        'm.task_id as taskId',
        'u.name as authorName',
        'm.body',
        'm.visible_to_client as visibleToClient',
        'm.created_at as createdAt',
      ])
      .where('m.task_id', '=', taskId)
      .$if(clientView, (q) => q.where('m.visible_to_client', '=', true))
      .orderBy('m.created_at')
      .limit(500);

  defineRoute(
    app,
    {
      method: 'get',
      path: '/tasks/{id}/comments',
      summary: 'Comments on a task (clients: those meant for them)',
      tags: ['comments'],
      authenticate: (c) => requireAuth(c),
      responses: {
        200: { description: 'Comments', schema: z.object({ items: z.array(commentSchema) }) },
        401: 'Not signed in',
        404: 'No such task (or not yours)',
      },
    },
    async (c, _b, actor) => {
      const task = await taskFor(deps, actor, c.req.param('id'), 'comment.list');
      return c.json({ items: await comments(task.id, actor.role === 'client').execute() });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/tasks/{id}/comments',
      summary: 'Comment on a task (staff); mark it visible to the client to share it',
      tags: ['comments'],
      authenticate: (c) => requireAuth(c),
      body: createCommentInput,
      responses: {
        201: { description: 'Created', schema: commentSchema },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'No such task (or not yours)',
      },
    },
    async (c, body, actor) => {
      const task = await taskFor(deps, actor, c.req.param('id'), 'comment.create');
      const id = await addComment(deps, actor, task, body);
      const created = await comments(task.id, false).where('m.id', '=', id).executeTakeFirstOrThrow();
      return c.json(created, 201);
    },
  );
}
