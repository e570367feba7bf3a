import { requireAuth } from '@coppertone/auth';
import { defineRoute } from '@coppertone/http';
import { TestClient } from '@coppertone/http/testing';
import { type Context, Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from './testing.ts';

// The hot lists are answered from the read cache; these check it never answers with something stale
// after a change, nor with what another viewer may see.
let h: WorkHarness;
let projectId: string;
let taskId: string;
let served = 0;
beforeAll(async () => {
  h = await setupWork();
  // Two routes added as a new feature would add them (before the app serves its first request):
  // the same handler, one declared cached and one not.
  const counted = (cache?: 'per-viewer') => ({
    method: 'get' as const,
    summary: 'A test route',
    authenticate: requireAuth,
    ...(cache ? { cache } : {}),
    responses: { 200: 'Counted' },
    handle: ({ c }: { c: Context }) => c.json({ served: ++served }),
  });
  defineRoute(h.app, { ...counted(), path: '/companies/{id}/tasks' });
  defineRoute(h.app, { ...counted('per-viewer'), path: '/companies/{id}/tasks/declared' });
  const staff = await h.as('staff');
  projectId = (await staff.post('/projects', { companyId: h.companyA, name: 'Cached board' })).body.id;
  taskId = (await staff.post(`/projects/${projectId}/tasks`, { title: 'Visible work', visibleToClient: true })).body.id;
});
afterAll(() => h.close());

const board = `/projects/${'{id}'}/tasks`;
const boardOf = (id: string) => board.replace('{id}', id);

describe('cached reads', () => {
  it('answers a repeated read from memory with the same body', async () => {
    const client = await h.as('clientA');
    const first = await client.get(boardOf(projectId));
    const second = await client.get(boardOf(projectId));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBeNull();
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);
    const metrics = await (await h.app.request('/metrics')).text();
    expect(metrics).toMatch(/read_cache_lookups_total\{cache="work_changed",result="hit"\} [1-9]/);
    expect(metrics).toMatch(/read_cache_lookups_total\{cache="work_changed",result="miss"\} [1-9]/);
  });

  it('caches the same reads when mounted under /api/work, as the all-in-one server does', async () => {
    const outer = new Hono();
    outer.route('/api/work', h.app);
    const client = new TestClient((path, init) => outer.request(path, init));
    client.cookies.set('cp_session', (await h.as('clientA')).cookies.get('cp_session') as string);
    for (const path of ['/projects', `/projects/${projectId}`, boardOf(projectId)]) {
      expect((await client.get(`/api/work${path}`)).status).toBe(200);
      expect((await client.get(`/api/work${path}`)).headers.get('x-cache')).toBe('hit');
    }
    // Never a stream, nor a task's comments.
    await client.get(`/api/work/tasks/${taskId}/comments`);
    expect((await client.get(`/api/work/tasks/${taskId}/comments`)).headers.get('x-cache')).toBeNull();
  });

  it('keeps the answers of one path with different filters apart', async () => {
    const staff = await h.as('staff');
    for (let i = 0; i < 2; i++) {
      expect((await staff.get('/projects')).body.items.map((p: { id: string }) => p.id)).toContain(projectId);
      expect((await staff.get('/projects?status=done')).body.items).toEqual([]);
    }
  });

  it('shows a status change on the very next read', async () => {
    const client = await h.as('clientA');
    const staff = await h.as('staff');
    await client.get(boardOf(projectId));
    expect((await client.get(boardOf(projectId))).headers.get('x-cache')).toBe('hit');
    const moved = await staff.patch(`/tasks/${taskId}`, { version: 1, status: 'in_progress' });
    expect(moved.status).toBe(200);
    const after = await client.get(boardOf(projectId));
    expect(after.headers.get('x-cache')).toBeNull();
    expect(after.body.items.find((t: { id: string }) => t.id === taskId)).toMatchObject({ status: 'in_progress' });
  });

  it('stops showing a task to the client as soon as staff hide it', async () => {
    const client = await h.as('clientA');
    const staff = await h.as('staff');
    await client.get(boardOf(projectId));
    expect((await client.get(boardOf(projectId))).body.items.map((t: { id: string }) => t.id)).toContain(taskId);
    const hidden = await staff.patch(`/tasks/${taskId}`, { version: 2, visibleToClient: false });
    expect(hidden.status).toBe(200);
    expect((await client.get(boardOf(projectId))).body.items.map((t: { id: string }) => t.id)).not.toContain(taskId);
  });

  it('never gives one viewer what was stored for another', async () => {
    const staff = await h.as('staff');
    const clientA = await h.as('clientA');
    const clientB = await h.as('clientB');
    // Staff see the hidden task; the client of A does not; the client of B gets 404 for the same URL.
    await staff.get(boardOf(projectId));
    const staffView = await staff.get(boardOf(projectId));
    expect(staffView.headers.get('x-cache')).toBe('hit');
    expect(staffView.body.items.map((t: { id: string }) => t.id)).toContain(taskId);
    expect((await clientA.get(boardOf(projectId))).body.items.map((t: { id: string }) => t.id)).not.toContain(taskId);
    expect((await clientB.get(boardOf(projectId))).status).toBe(404);
    expect((await clientB.get(boardOf(projectId))).status).toBe(404);
    const listB = await clientB.get('/projects');
    expect(listB.body.items.map((p: { id: string }) => p.id)).not.toContain(projectId);
    expect((await (await h.as('anonymous')).get(boardOf(projectId))).status).toBe(401);
  });

  it('does not keep answers across a failed write either (the write may have changed something first)', async () => {
    const client = await h.as('clientA');
    await client.get('/projects');
    expect((await client.get('/projects')).headers.get('x-cache')).toBe('hit');
    const stale = await (await h.as('staff')).patch(`/tasks/${taskId}`, { version: 1, status: 'done' });
    expect(stale.status).toBe(409);
    expect((await client.get('/projects')).headers.get('x-cache')).toBeNull();
  });

  it('caches only the routes that declare it: a new GET, even one named like the board, is not', async () => {
    const staff = await h.as('staff');
    const undeclared = [
      await staff.get(`/companies/${h.companyA}/tasks`),
      await staff.get(`/companies/${h.companyA}/tasks`),
    ];
    expect(undeclared.map((r) => [r.status, r.headers.get('x-cache')])).toEqual([
      [200, null],
      [200, null],
    ]);
    expect(undeclared[1]?.body.served).toBe(2);
    // The same route declared cached is answered from memory the second time: the declaration decides.
    const declared = `/companies/${h.companyA}/tasks/declared`;
    const first = await staff.get(declared);
    const second = await staff.get(declared);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
  });
});
