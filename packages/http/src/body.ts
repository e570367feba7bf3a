import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from './errors.ts';
import { badTextFields } from './text.ts';

export type BodyFormat = 'json' | 'form';

/** Which format a request body is in; anything else is refused with 415 before it is read. */
export function bodyFormat(c: Context, accepted: BodyFormat[] = ['json']): BodyFormat {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const format: BodyFormat | undefined =
    type === 'application/json' ? 'json' : type === 'application/x-www-form-urlencoded' ? 'form' : undefined;
  if (!format || !accepted.includes(format)) {
    const names = accepted.map((f) => (f === 'json' ? 'application/json' : 'application/x-www-form-urlencoded'));
    throw new AppError('unsupported_media_type', `Send the body as ${names.join(' or ')}.`);
  }
  return format;
}

/**
 * Reads and validates a request body: 415 for other content types, 400 `malformed_json` for broken
 * JSON, 400 `validation_failed` naming each bad field (a NUL character or a lone surrogate anywhere
 * included, see text.ts). Form bodies arrive as strings, as browsers send them.
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  accepted: BodyFormat[] = ['json'],
): Promise<{ data: z.infer<S>; format: BodyFormat }> {
  const format = bodyFormat(c, accepted);
  let raw: unknown;
  if (format === 'json') {
    try {
      raw = await c.req.json();
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      throw new AppError('malformed_json', 'The request body is not valid JSON.', { cause });
    }
  } else {
    raw = Object.fromEntries(new URLSearchParams(await c.req.text()));
  }
  // Text that cannot be stored is named beside the schema's findings (its message wins for a field both name).
  const unstorable = badTextFields(raw);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, unstorable);
  if (Object.keys(unstorable).length) throw validationError(undefined, unstorable);
  return { data: parsed.data, format };
}

/**
 * The 400 naming each bad field: the schema's message where it has one (it knows the field best),
 * and `more` (text that cannot be stored, see text.ts) for fields the schema let through.
 */
export function validationError(error: z.ZodError | undefined, more: Record<string, string> = {}): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.join('.') || 'body';
    fields[key] ??= issue.message;
  }
  for (const [key, message] of Object.entries(more)) fields[key] ??= message;
  const names = Object.keys(fields);
  return new AppError('validation_failed', `Check these fields: ${names.join(', ')}.`, { fields });
}
