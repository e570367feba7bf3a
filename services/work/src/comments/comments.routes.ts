import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { taskFor } from '../access.ts';
import type { WorkDeps } from '../context.ts';
import { commentListSchema, commentParams, commentSchema, createCommentInput } from './comments.schema.ts';
import { addComment, commentsOn } from './comments.service.ts';

export function registerCommentRoutes(app: FunctionApp, deps: WorkDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/tasks/{id}/comments',
    summary: 'Comments on a task (clients: those meant for them)',
    tags: ['comments'],
    authenticate: (c) => requireAuth(c),
    params: commentParams,
    responses: {
      200: { description: 'Comments', schema: commentListSchema },
      400: 'Not an id',
      401: 'Not signed in',
      404: 'No such task (or not yours)',
    },
    handle: async ({ c, actor, params }) => {
      const task = await taskFor(deps, actor, params.id, 'comment.list');
      return c.json(await commentsOn(deps, actor, task));
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/tasks/{id}/comments',
    summary: 'Comment on a task (staff); mark it visible to the client to share it',
    tags: ['comments'],
    authenticate: (c) => requireAuth(c),
    params: commentParams,
    body: createCommentInput,
    responses: {
      201: { description: 'Created', schema: commentSchema },
      400: 'Invalid fields',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such task (or not yours)',
    },
    handle: async ({ c, actor, params, body }) => {
      const task = await taskFor(deps, actor, params.id, 'comment.create');
      return c.json(await addComment(deps, actor, task, body), 201);
    },
  });
}
