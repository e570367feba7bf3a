import { z } from '@hono/zod-openapi';
import { idField } from '../fields.ts';

export const activityParams = z.object({ id: idField('Project') });

/**
 * One page of a project's activity, newest first. `before` is the id of the oldest entry already
 * shown (the `next` of the previous page): ids only grow, so a page never repeats or skips an entry
 * that was recorded while the reader was scrolling.
 */
export const activityPageQuery = z.object({
  limit: z.coerce
    .number({ error: 'Limit must be a number' })
    .int('Limit must be a whole number')
    .min(1, 'Limit must be at least 1')
    .max(100, 'Limit must be at most 100')
    .default(20),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'Before must be the id of an activity entry')
    .optional(),
});

export const activityItemSchema = z.object({
  id: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  at: z.string(),
  taskId: z.string().nullable(),
  taskTitle: z.string().nullable(),
  actorName: z.string().nullable(),
});

export const activityPageSchema = z
  .object({
    items: z.array(activityItemSchema),
    /** The `before` for the next page; null when this page reaches the first entry. */
    next: z.string().nullable(),
  })
  .openapi('ActivityPage');
