import { z } from '@hono/zod-openapi';
import { idField, text } from '../fields.ts';

export const commentParams = z.object({ id: idField('Task') });

export const createCommentInput = z
  .object({
    body: text('Comment', 5000),
    visibleToClient: z.boolean({ error: 'Visible to client must be true or false' }).default(false),
  })
  .openapi('CreateCommentInput');

export const commentSchema = z
  .object({
    id: z.string(),
    taskId: z.string(),
    authorName: z.string().nullable(),
    body: z.string(),
    visibleToClient: z.boolean(),
  })
  .openapi('Comment');

export const commentListSchema = z.object({ items: z.array(commentSchema) });
