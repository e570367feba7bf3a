import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { FunctionApp } from './app.ts';
import { readBody, validationError } from './body.ts';
import { readQuery } from './query.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<
  B extends z.ZodType | undefined,
  A,
  Q extends z.ZodObject | undefined = undefined,
  P extends z.ZodObject | undefined = undefined,
> {
  method: Method;
  /** OpenAPI style: `/users/{id}`. */
  path: string;
  summary: string;
  tags?: string[];
  body?: B;
  /** Query parameters: documented in the OpenAPI entry, validated (a bad one is a 400 naming it) and passed on. */
  query?: Q;
  /**
   * Path parameters, one entry per `{name}` in `path`: documented, validated after authentication
   * (a bad one is a 400 naming it, before any lookup) and passed on. Without it they are plain strings.
   */
  params?: P;
  /** Runs before the body is read, so an anonymous caller gets 401 before any 400; its result is passed on. */
  authenticate?: (c: Context) => A;
  /**
   * `per-viewer`: a GET whose 200 answers the function's read cache keeps per signed-in viewer until
   * anything in the function changes (see readCache). Only declared routes are cached.
   */
  cache?: 'per-viewer';
  /** Status → description (and, optionally, the JSON schema of the body). */
  responses: Record<number, string | { description: string; schema: z.ZodType }>;
}

/** What a handler gets, by name: the request's context, the caller (authenticate) and the validated inputs. */
export interface RouteInput<B, A, Q, P> {
  c: Context;
  actor: A;
  params: P extends z.ZodObject ? z.infer<P> : Record<string, string>;
  query: Infer<Q>;
  body: Infer<B>;
}

export type RouteHandler<B, A, Q, P> = (input: RouteInput<B, A, Q, P>) => Response | Promise<Response>;

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

/** The paths of each app's routes declared `cache: 'per-viewer'`, as patterns over the request path. */
const cachedReads = new WeakMap<FunctionApp, RegExp[]>();

/**
 * Whether a request path is one of the app's declared cached reads: what readCache is given, so an
 * undeclared route is never cached. Read at request time, so routes defined later count too. The
 * all-in-one server hands requests over with their `/api/<name>` prefix still on.
 */
export const isDeclaredCachedRead =
  (app: FunctionApp) =>
  (path: string): boolean =>
    (cachedReads.get(app) ?? []).some((pattern) => pattern.test(path));

const pathPattern = (openApiPath: string) =>
  new RegExp(`^(?:/api/[a-z-]+)?${openApiPath.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '[^/]+')}$`);

/**
 * Declares an endpoint once: its OpenAPI entry (from the zod schemas) and its handler, which runs
 * after authenticate (401 first), then path, query and body validation (400 naming each field).
 * Errors thrown as AppError become the JSON error contract. The handler, `spec.handle`, takes one
 * named object: `{ c, actor, params, query, body }`.
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  A = undefined,
  Q extends z.ZodObject | undefined = undefined,
  P extends z.ZodObject | undefined = undefined,
>(app: FunctionApp, spec: RouteSpec<B, A, Q, P> & { handle: RouteHandler<B, A, Q, P> }): void {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const { description, schema } = typeof r === 'string' ? { description: r, schema: undefined } : r;
    const json = schema ?? (Number(status) >= 400 ? errorBody : undefined);
    responses[status] = json ? { description, content: { 'application/json': { schema: json } } } : { description };
  }
  const names = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const declared = Object.keys(spec.params?.shape ?? {});
  if (spec.params && (declared.length !== names.length || names.some((n) => !declared.includes(n)))) {
    throw new Error(`${spec.method.toUpperCase()} ${spec.path}: params must declare exactly ${names.join(', ')}`);
  }
  const params = spec.params ?? (names.length ? z.object(Object.fromEntries(names.map((p) => [p, z.string()]))) : null);
  app.openAPIRegistry.registerPath(
    createRoute({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tags: spec.tags,
      request: {
        ...(params ? { params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.body
          ? { body: { required: true, content: { 'application/json': { schema: spec.body as z.ZodType } } } }
          : {}),
      },
      responses,
    }),
  );
  if (spec.cache) {
    if (spec.method !== 'get') throw new Error(`${spec.path}: only a GET can be cached`);
    cachedReads.set(app, [...(cachedReads.get(app) ?? []), pathPattern(spec.path)]);
  }
  const handle = spec.handle;
  const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  app.on(spec.method.toUpperCase(), honoPath, async (c) => {
    const actor = spec.authenticate?.(c) as A;
    const parsed = spec.params ? spec.params.safeParse(c.req.param()) : undefined;
    if (parsed && !parsed.success) throw validationError(parsed.error);
    const query = (spec.query ? readQuery(c, spec.query) : undefined) as Infer<Q>;
    const body = (spec.body ? (await readBody(c, spec.body)).data : undefined) as Infer<B>;
    return handle({ c, actor, params: (parsed?.data ?? c.req.param()) as never, query, body });
  });
}
