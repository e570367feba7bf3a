import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';

let h: WorkHarness;
let task: { id: string; projectId: string };
beforeAll(async () => {
  h = await setupWork();
  const staff = await h.as('staff');
  const project = (await staff.post('/projects', { companyId: h.companyA, name: 'Discussed' })).body;
  task = (await staff.post(`/projects/${project.id}/tasks`, { title: 'Talk about it', visibleToClient: true })).body;
});
afterAll(() => h.close());

describe('comments on a task', () => {
  it('answers a new comment with its author, and notes it in the project activity', async () => {
    const staff = await h.as('staff');
    const res = await staff.post(`/tasks/${task.id}/comments`, { body: 'First thoughts' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskId: task.id, body: 'First thoughts', visibleToClient: false });
    expect(res.body.authorName).toEqual(expect.any(String));
    const activity = await staff.get(`/projects/${task.projectId}/activity`);
    expect(activity.body.items[0]).toMatchObject({ action: 'comment.added', taskId: task.id });
  });

  it('shows staff every comment in order, and the client only those meant for them', async () => {
    const staff = await h.as('staff');
    await staff.post(`/tasks/${task.id}/comments`, { body: 'For the client', visibleToClient: true });
    await staff.post(`/tasks/${task.id}/comments`, { body: 'Internal' });
    const all = (await staff.get(`/tasks/${task.id}/comments`)).body.items.map((m: { body: string }) => m.body);
    expect(all).toEqual(['First thoughts', 'For the client', 'Internal']);
    const client = (await (await h.as('clientA')).get(`/tasks/${task.id}/comments`)).body.items;
    expect(client.map((m: { body: string }) => m.body)).toEqual(['For the client']);
  });

  it('refuses an empty or oversized comment with 400 naming the field, storing nothing', async () => {
    const staff = await h.as('staff');
    for (const body of ['   ', 'x'.repeat(5001)]) {
      const res = await staff.post(`/tasks/${task.id}/comments`, { body });
      expect([res.status, Object.keys(res.body.error.fields)]).toEqual([400, ['body']]);
    }
    expect((await staff.get(`/tasks/${task.id}/comments`)).body.items).toHaveLength(3);
  });
});
