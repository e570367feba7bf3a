import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from './testing.ts';

let h: WorkHarness;
beforeAll(async () => {
  h = await setupWork();
});
afterAll(() => h.close());

describe('OpenAPI document', () => {
  it('describes the filters and paging of every list, so shareable URLs are documented', async () => {
    const doc = await (await h.app.request('/openapi.json')).json();
    const queryOf = (path: string) =>
      ((doc.paths[path]?.get?.parameters ?? []) as Array<{ in: string; name: string }>)
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
    expect(queryOf('/projects')).toEqual(['company', 'page', 'pageSize', 'status']);
    expect(queryOf('/projects/{id}/tasks')).toEqual(['assignee', 'page', 'pageSize', 'status']);
    expect(queryOf('/tasks')).toEqual(['page', 'pageSize', 'status']);
  });

  it('answers a bad filter with 400 naming it, after checking the caller', async () => {
    expect((await (await h.as('anonymous')).get('/projects?status=nope')).status).toBe(401);
    const res = await (await h.as('staff')).get('/projects?status=nope&pageSize=1000');
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['pageSize', 'status']);
  });

  it('declares what the caller may do and which ids a path takes, so the generated client knows them', async () => {
    const doc = await (await h.app.request('/openapi.json')).json();
    const { Task, Project } = doc.components.schemas;
    expect(Task.required).toContain('allowedMoves');
    expect(Task.properties.allowedMoves).toMatchObject({
      type: 'array',
      items: { enum: expect.arrayContaining(['done']) },
    });
    expect(Project.required).toContain('can');
    expect(Object.keys(Project.properties.can.properties).sort()).toEqual([
      'addTask',
      'changeStatus',
      'edit',
      'invoiceHours',
    ]);
    expect(doc.paths['/tasks/{id}'].get.parameters).toMatchObject([
      { in: 'path', name: 'id', required: true, schema: { format: 'uuid' } },
    ]);
  });
});
