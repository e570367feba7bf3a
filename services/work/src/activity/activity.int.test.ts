import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';

let h: WorkHarness;
let projectId: string;
beforeAll(async () => {
  h = await setupWork();
  const staff = await h.as('staff');
  projectId = (await staff.post('/projects', { companyId: h.companyA, name: 'Busy' })).body.id;
  // 1 "created" entry for the project, then 44 for tasks: 45 entries in all.
  for (let i = 1; i <= 44; i++) {
    const task = await staff.post(`/projects/${projectId}/tasks`, { title: `Task ${i}` });
    expect(task.status).toBe(201);
  }
});
afterAll(() => h.close());

describe('GET /projects/{id}/activity', () => {
  it('pages the whole log newest first, 20 at a time, with no entry twice or missed', async () => {
    const staff = await h.as('staff');
    const seen: string[] = [];
    const sizes: number[] = [];
    let before: string | null = null;
    do {
      const res = await staff.get(`/projects/${projectId}/activity${before ? `?before=${before}` : ''}`);
      expect(res.status).toBe(200);
      sizes.push(res.body.items.length);
      seen.push(...res.body.items.map((item: { id: string }) => item.id));
      before = res.body.next;
    } while (before);
    expect(sizes).toEqual([20, 20, 5]);
    expect(new Set(seen).size).toBe(45);
    const ids = seen.map(BigInt);
    expect(ids.every((id, i) => i === 0 || id < (ids[i - 1] ?? id + 1n))).toBe(true);
    const first = (await staff.get(`/projects/${projectId}/activity?limit=1`)).body.items[0];
    expect(first.taskTitle).toBe('Task 44');
  });

  it('takes the page size from limit and ends with next null', async () => {
    const staff = await h.as('staff');
    const page = (await staff.get(`/projects/${projectId}/activity?limit=45`)).body;
    expect(page.items).toHaveLength(45);
    expect(page.next).toBeNull();
    const tail = (await staff.get(`/projects/${projectId}/activity?limit=30&before=${page.items[40].id}`)).body;
    expect(tail.items.map((i: { id: string }) => i.id)).toEqual(page.items.slice(41).map((i: { id: string }) => i.id));
  });

  it('answers 400 naming the field for a bad limit or cursor', async () => {
    const staff = await h.as('staff');
    for (const [q, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['before=-1', 'before'],
      ['before=1%3Bdrop', 'before'],
    ]) {
      const res = await staff.get(`/projects/${projectId}/activity?${q}`);
      expect(res.status, q).toBe(400);
      expect(Object.keys(res.body.error.fields ?? {}), q).toContain(field);
    }
  });

  it('is for staff only: a client of the project gets 403, another company 404', async () => {
    expect((await (await h.as('clientA')).get(`/projects/${projectId}/activity`)).status).toBe(403);
    expect((await (await h.as('clientB')).get(`/projects/${projectId}/activity`)).status).toBe(404);
    expect((await (await h.as('admin')).get(`/projects/${projectId}/activity`)).status).toBe(200);
  });
});
