import type { Context } from 'hono';
import { z } from 'zod';
import { validationError } from './body.ts';
import { badTextFields } from './text.ts';

/** Validates query parameters; a bad one is a 400 naming it, never a silent default. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const raw = c.req.query();
  const unstorable = badTextFields(raw);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, unstorable);
  if (Object.keys(unstorable).length) throw validationError(undefined, unstorable);
  return parsed.data;
}

export const pageQuery = {
  page: z.coerce.number({ error: 'Page must be a number' }).int().min(1, 'Page starts at 1').max(100_000).default(1),
  pageSize: z.coerce
    .number({ error: 'Page size must be a number' })
    .int()
    .min(1)
    .max(100, 'Page size is at most 100')
    .default(25),
};

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** An id in a URL: anything that is not a UUID cannot name a row, so it is simply not found. */
export const isUuid = (value: string | undefined): value is string =>
  !!value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
