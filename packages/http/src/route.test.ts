import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { defineRoute, isDeclaredCachedRead } from './route.ts';
import { testFunctionApp } from './testing.ts';

const signedIn = (c: { req: { header(name: string): string | undefined } }) => {
  const who = c.req.header('x-who');
  if (!who) throw new AppError('unauthenticated', 'Sign in first.');
  return who;
};

describe('defineRoute', () => {
  it('gives the handler one named object: the caller, validated params, query and body', async () => {
    const app = testFunctionApp();
    defineRoute(app, {
      method: 'post',
      path: '/things/{id}/notes',
      summary: 'Add a note',
      authenticate: signedIn,
      params: z.object({ id: z.uuid('Thing must be an id') }),
      query: z.object({ draft: z.enum(['yes', 'no']).default('no') }),
      body: z.object({ text: z.string() }),
      responses: { 201: 'Added' },
      handle: ({ c, actor, params, query, body }) => c.json({ actor, params, query, body }, 201),
    });
    const id = '00000000-0000-4000-8000-000000000001';
    const res = await app.request(`/things/${id}/notes?draft=yes`, {
      method: 'POST',
      headers: { 'x-who': 'sam', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ actor: 'sam', params: { id }, query: { draft: 'yes' }, body: { text: 'hi' } });
  });

  it('answers a bad path parameter with 400 naming it, after the caller and before the handler', async () => {
    const app = testFunctionApp();
    let ran = 0;
    defineRoute(app, {
      method: 'get',
      path: '/things/{id}',
      summary: 'A thing',
      authenticate: signedIn,
      params: z.object({ id: z.uuid('Thing must be an id') }),
      responses: { 200: 'The thing' },
      handle: ({ c }) => c.json({ ran: ++ran }),
    });
    expect((await app.request('/things/nope')).status).toBe(401);
    const res = await app.request('/things/nope', { headers: { 'x-who': 'sam' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ id: 'Thing must be an id' });
    expect(ran).toBe(0);
  });

  it('documents declared params in the OpenAPI entry and refuses params that do not match the path', async () => {
    const app = testFunctionApp();
    const spec = {
      method: 'get' as const,
      summary: 'A thing',
      responses: { 200: 'The thing' },
      handle: ({ c }: { c: Context }) => c.json({}),
    };
    defineRoute(app, { ...spec, path: '/things/{id}', params: z.object({ id: z.uuid() }) });
    const doc = await (await app.request('/openapi.json')).json();
    expect(doc.paths['/things/{id}'].get.parameters).toMatchObject([{ in: 'path', name: 'id', required: true }]);
    expect(() => defineRoute(app, { ...spec, path: '/others/{key}', params: z.object({ id: z.uuid() }) })).toThrow(
      /params must declare exactly key/,
    );
  });

  it('passes undeclared path parameters on as plain strings, with the caller and the query', async () => {
    const app = testFunctionApp();
    defineRoute(app, {
      method: 'get',
      path: '/things/{id}',
      summary: 'A thing',
      authenticate: signedIn,
      query: z.object({ q: z.string().optional() }),
      responses: { 200: 'The thing' },
      handle: ({ c, actor, params, query }) => c.json({ actor, params, query }),
    });
    const res = await app.request('/things/abc?q=x', { headers: { 'x-who': 'kim' } });
    expect(await res.json()).toEqual({ actor: 'kim', params: { id: 'abc' }, query: { q: 'x' } });
  });

  it('tells the read cache only the paths of routes declared cached, with or without the /api/<name> prefix', () => {
    const app = testFunctionApp();
    const spec = { method: 'get' as const, summary: 'x', responses: { 200: 'x' }, handle: () => new Response() };
    defineRoute(app, { ...spec, path: '/projects/{id}/tasks', cache: 'per-viewer' });
    defineRoute(app, { ...spec, path: '/tasks' });
    const cached = isDeclaredCachedRead(app);
    expect(cached('/projects/p1/tasks')).toBe(true);
    expect(cached('/api/work/projects/p1/tasks')).toBe(true);
    expect(cached('/tasks')).toBe(false);
    expect(cached('/projects/p1/tasks/extra')).toBe(false);
    expect(cached('/projects/p1/x/tasks')).toBe(false);
    expect(() => defineRoute(app, { ...spec, method: 'post', path: '/x', cache: 'per-viewer' })).toThrow(/only a GET/);
  });
});
