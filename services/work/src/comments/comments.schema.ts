import { z } from '@hono/zod-openapi';
import { text } from '../schema.ts';

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
