import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { FunctionApp } from './app.ts';
import { readBody } from './body.ts';
import { readQuery } from './query.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType | undefined, A, Q extends z.ZodObject | undefined = undefined> {
  method: Method;
  /** OpenAPI style: `/users/{id}`. */
  path: string;
  summary: string;
  tags?: string[];
  body?: B;
  /** Query parameters: documented in the OpenAPI entry, validated (a bad one is a 400 naming it) and passed on. */
  query?: Q;
  /** Runs before the body is read, so an anonymous caller gets 401 before any 400; its result is passed on. */
  authenticate?: (c: Context) => A;
  /** Status → description (and, optionally, the JSON schema of the body). */
  responses: Record<number, string | { description: string; schema: z.ZodType }>;
}

const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .openapi('Error');

/**
 * Declares an endpoint once: its OpenAPI entry (from the zod schemas) and its handler, which gets
 * the caller (authenticate) and then the validated JSON body. Errors thrown as AppError become the JSON error contract.
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  A = undefined,
  Q extends z.ZodObject | undefined = undefined,
>(
  app: FunctionApp,
  spec: RouteSpec<B, A, Q>,
  handler: (
    c: Context,
    body: B extends z.ZodType ? z.infer<B> : undefined,
    auth: A,
    query: Q extends z.ZodObject ? z.infer<Q> : undefined,
  ) => Response | Promise<Response>,
): void {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const { description, schema } = typeof r === 'string' ? { description: r, schema: undefined } : r;
    const json = schema ?? (Number(status) >= 400 ? errorBody : undefined);
    responses[status] = json ? { description, content: { 'application/json': { schema: json } } } : { description };
  }
  const params = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  app.openAPIRegistry.registerPath(
    createRoute({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.body
          ? { body: { required: true, content: { 'application/json': { schema: spec.body as z.ZodType } } } }
          : {}),
      },
      responses,
    }),
  );
  const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  app.on(spec.method.toUpperCase(), honoPath, async (c) => {
    const auth = spec.authenticate?.(c) as A;
    const query = spec.query ? readQuery(c, spec.query) : undefined;
    const body = spec.body ? (await readBody(c, spec.body)).data : undefined;
    return handler(
      c,
      body as B extends z.ZodType ? z.infer<B> : undefined,
      auth,
      query as Q extends z.ZodObject ? z.infer<Q> : undefined,
    );
  });
}
