import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { activityItemSchema } from '../activity/activity.schema.ts';
import { dateField, idField, longText, text, version } from '../fields.ts';

export const PROJECT_STATUSES = ['active', 'on_hold', 'done'] as const;
const status = z.enum(PROJECT_STATUSES, { error: 'Status must be active, on_hold or done' });
const budgetHours = z
  .number({ error: 'Budget hours must be a number' })
  .min(0, 'Budget hours cannot be negative')
  .max(100_000, 'Budget hours must be at most 100000')
  .multipleOf(0.25, 'Budget hours go in quarter hours')
  .nullable();

const datesInOrder = (v: { startsOn?: string | null; dueOn?: string | null }, ctx: z.RefinementCtx) => {
  if (v.startsOn && v.dueOn && v.dueOn < v.startsOn) {
    ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'Due date must not be before the start date' });
  }
};

export const createProjectInput = z
  .object({
    companyId: idField('Company'),
    name: text('Name', 200),
    description: longText('Description', 10_000).default(''),
    status: status.default('active'),
    startsOn: dateField('Start date').nullable().optional(),
    dueOn: dateField('Due date').nullable().optional(),
    budgetHours: budgetHours.optional(),
  })
  .superRefine(datesInOrder)
  .openapi('CreateProjectInput');

export const updateProjectInput = z
  .object({
    version,
    name: text('Name', 200).optional(),
    description: longText('Description', 10_000).optional(),
    status: status.optional(),
    startsOn: dateField('Start date').nullable().optional(),
    dueOn: dateField('Due date').nullable().optional(),
    budgetHours: budgetHours.optional(),
  })
  .superRefine(datesInOrder)
  .openapi('UpdateProjectInput');

export const projectParams = z.object({ id: idField('Project') });

export const projectListQuery = z.object({
  ...pageQuery,
  status: status.optional(),
  company: idField('Company').optional(),
});

export const projectSchema = z
  .object({
    id: z.string(),
    companyId: z.string(),
    companyName: z.string(),
    name: z.string(),
    description: z.string(),
    status,
    startsOn: z.string().nullable(),
    dueOn: z.string().nullable(),
    budgetHours: z.number().nullable(),
    hoursSpent: z.number(),
    progress: z.object({ done: z.number(), total: z.number() }),
    version: z.number(),
    can: z
      .object({ edit: z.boolean(), addTask: z.boolean(), changeStatus: z.boolean(), invoiceHours: z.boolean() })
      .openapi({
        description:
          'What the caller may do with this project (change it, add tasks, move its tasks, invoice its hours)',
      }),
  })
  .openapi('Project');

/** A project as its page reads it: staff also get the newest entries of its activity log. */
export const projectDetailSchema = projectSchema
  .extend({ activity: z.array(activityItemSchema).optional() })
  .openapi('ProjectDetail');

export const projectPageSchema = z.object({
  items: z.array(projectSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
