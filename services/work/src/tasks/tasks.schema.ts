import type { TaskStatus } from '@coppertone/db';
import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { dateField, idField, longText, text, version } from '../fields.ts';
import { TASK_STATUSES } from './transitions.ts';

const priority = z.enum(['low', 'normal', 'high', 'urgent'], { error: 'Priority must be low, normal, high or urgent' });
const status = z.enum(TASK_STATUSES as [TaskStatus, ...TaskStatus[]], {
  error: `Status must be one of ${TASK_STATUSES.join(', ')}`,
});

export const taskParams = z.object({ id: idField('Task') });
export const projectTasksParams = z.object({ id: idField('Project') });

export const createTaskInput = z
  .object({
    title: text('Title', 200),
    description: longText('Description', 10_000).default(''),
    assigneeId: idField('Assignee').nullable().optional(),
    dueOn: dateField('Due date').nullable().optional(),
    priority: priority.default('normal'),
    visibleToClient: z.boolean({ error: 'Visible to client must be true or false' }).default(false),
  })
  .openapi('CreateTaskInput');

export const updateTaskInput = z
  .object({
    version,
    title: text('Title', 200).optional(),
    description: longText('Description', 10_000).optional(),
    assigneeId: idField('Assignee').nullable().optional(),
    dueOn: dateField('Due date').nullable().optional(),
    priority: priority.optional(),
    status: status.optional(),
    visibleToClient: z.boolean({ error: 'Visible to client must be true or false' }).optional(),
    hoursSpent: z
      .number({ error: 'Hours spent must be a number' })
      .min(0, 'Hours spent cannot be negative')
      .max(100_000, 'Hours spent must be at most 100000')
      .multipleOf(0.25, 'Hours go in quarter hours')
      .optional(),
  })
  .openapi('UpdateTaskInput');

export const taskListQuery = z.object({
  ...pageQuery,
  pageSize: pageQuery.pageSize.default(100),
  status: status.optional(),
  assignee: z.union([z.literal('me'), idField('Assignee')]).optional(),
});

export const myTasksQuery = z.object({ ...pageQuery, status: status.optional() });

export const taskSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    companyId: z.string(),
    title: z.string(),
    description: z.string(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    dueOn: z.string().nullable(),
    priority,
    status,
    visibleToClient: z.boolean(),
    hoursSpent: z.number(),
    version: z.number(),
    allowedMoves: z
      .array(status)
      .openapi({ description: 'The statuses the caller may move this task to now (empty: they may not move it)' }),
  })
  .openapi('Task');

export const taskPageSchema = z.object({
  items: z.array(taskSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
