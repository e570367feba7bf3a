import { dateOnlyProblem } from '@coppertone/contracts';
import { z } from '@hono/zod-openapi';

/** Field rules shared by the work area's inputs. */
export const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

export const longText = (label: string, max: number) =>
  z.string({ error: `${label} must be text` }).max(max, `${label} must be at most ${max} characters`);

/**
 * A `YYYY-MM-DD` date, checked by the one rule every function and the browser use
 * (packages/contracts): impossible dates and years outside 2000–2100 are 400s naming the field.
 */
export const dateField = (label: string) =>
  z.string({ error: `${label} must be a date` }).superRefine((v, ctx) => {
    const problem = dateOnlyProblem(v, label);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const idField = (label: string) => z.uuid(`${label} must be an id`);

export const version = z.number({ error: 'Version is required (optimistic locking)' }).int().min(1);
