import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { readBody } from './body.ts';
import { readQuery } from './query.ts';
import { defineRoute } from './route.ts';
import { testFunctionApp } from './testing.ts';
import { badTextFields, NUL_MESSAGE, SURROGATE_MESSAGE } from './text.ts';

const app = testFunctionApp();
const stored: unknown[] = [];
defineRoute(app, {
  method: 'post',
  path: '/things',
  summary: 'a thing with lines',
  body: z.object({
    name: z.string().min(1).max(100),
    lines: z.array(z.object({ description: z.string(), quantity: z.number() })).default([]),
  }),
  query: z.object({ note: z.string().optional() }),
  responses: { 201: 'stored' },
  handle: ({ c, body }) => {
    stored.push(body);
    return c.json(body, 201);
  },
});
app.post('/form', async (c) => c.json((await readBody(c, z.object({ name: z.string() }), ['form'])).data));
app.get('/search', (c) => c.json(readQuery(c, z.object({ q: z.string() }))));
app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }));

const post = (path: string, body: string, type = 'application/json') =>
  app.request(path, { method: 'POST', headers: { 'content-type': type }, body });

describe('text no field can hold', () => {
  it('finds NUL and lone surrogates at any depth, by field path', () => {
    expect(badTextFields({ a: 'fine', b: ['x', 'y\0'], c: { d: '\ud800' }, e: 'emoji 😀 is fine' })).toEqual({
      'b.1': NUL_MESSAGE,
      'c.d': SURROGATE_MESSAGE,
    });
    expect(badTextFields({ 'k\0': 'v' })).toEqual({ 'k\\u0000': NUL_MESSAGE });
    expect(badTextFields('\udc00')).toEqual({ body: SURROGATE_MESSAGE });
  });

  it('answers 400 naming the field for a NUL in a JSON body, before the handler runs', async () => {
    const before = stored.length;
    const res = await post('/things', JSON.stringify({ name: 'Ada\u0000' }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual({ name: NUL_MESSAGE });
    expect(stored.length).toBe(before);
  });

  it('answers 400 naming the field for a lone surrogate, as JSON writes it ("\\ud800")', async () => {
    const res = await post('/things', '{"name":"ok","lines":[{"description":"a\\ud800b","quantity":1}]}');
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ 'lines.0.description': SURROGATE_MESSAGE });
  });

  it('names unstorable text together with the schema’s other findings', async () => {
    const res = await post('/things', JSON.stringify({ name: '\0', lines: [{ description: 'x', quantity: 'many' }] }));
    expect(res.status).toBe(400);
    const { fields } = (await res.json()).error;
    expect(fields.name).toBe(NUL_MESSAGE);
    expect(fields['lines.0.quantity']).toBeDefined();
  });

  it('refuses a NUL in a form body (%00)', async () => {
    const res = await post('/form', 'name=a%00b', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ name: NUL_MESSAGE });
  });

  it('refuses a NUL in a query parameter or in the path, for every route', async () => {
    const query = await app.request('/search?q=a%00');
    expect(query.status).toBe(400);
    expect((await query.json()).error.fields).toEqual({ q: NUL_MESSAGE });
    const inRoute = await post('/things?note=%00', JSON.stringify({ name: 'fine' }));
    expect(inRoute.status).toBe(400);
    expect((await inRoute.json()).error.fields).toEqual({ note: NUL_MESSAGE });
    const path = await app.request('/things/abc%00def');
    expect(path.status).toBe(400);
    expect((await path.json()).error.fields).toEqual({ path: NUL_MESSAGE });
  });

  it('still takes ordinary text, emoji and other languages included', async () => {
    const res = await post(
      '/things',
      JSON.stringify({ name: 'Zoë 😀 東京', lines: [{ description: 'tab\there', quantity: 1 }] }),
    );
    expect(res.status).toBe(201);
    expect((await app.request('/search?q=%25 100')).status).toBe(200);
  });
});
