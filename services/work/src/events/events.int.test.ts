import { revokeUserSessions } from '@coppertone/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';

let h: WorkHarness;
beforeAll(async () => {
  h = await setupWork({ sessionRecheckMs: 300 });
});
afterAll(() => h.close());

describe('live updates (Server-Sent Events)', () => {
  it('delivers each task change to every viewer allowed to see it, and nothing to others', async () => {
    const staff = await h.as('staff');
    const project = (await staff.post('/projects', { companyId: h.companyA, name: 'Live' })).body;
    const task = (await staff.post(`/projects/${project.id}/tasks`, { title: 'Watch me', visibleToClient: true })).body;
    const internal = (await staff.post(`/projects/${project.id}/tasks`, { title: 'Secret' })).body;

    const streams = {
      staff: await (await h.as('staff2')).events('/events'),
      clientA: await (await h.as('clientA')).events('/events'),
      clientB: await (await h.as('clientB')).events('/events'),
    };
    for (const s of Object.values(streams)) expect((await s.next())?.event).toBe('ready');

    await staff.patch(`/tasks/${task.id}`, { version: 1, status: 'in_progress' });
    const seenByStaff = await streams.staff.next();
    const seenByClient = await streams.clientA.next();
    expect(seenByStaff).toMatchObject({
      event: 'task.changed',
      data: { id: task.id, status: 'in_progress', version: 2 },
    });
    expect(seenByClient).toMatchObject({ event: 'task.changed', data: { id: task.id, status: 'in_progress' } });

    await staff.patch(`/tasks/${internal.id}`, { version: 1, status: 'in_progress' });
    expect((await streams.staff.next())?.data.title).toBe('Secret');

    // Hiding a task tells the client to drop it, without its details.
    await staff.patch(`/tasks/${task.id}`, { version: 2, visibleToClient: false });
    expect(await streams.clientA.next()).toEqual({
      event: 'task.removed',
      data: { id: task.id, projectId: project.id },
    });

    expect(await streams.clientB.next(500)).toBeUndefined();
    for (const s of Object.values(streams)) s.close();
  });

  it('fans one change out to many open streams', async () => {
    const staff = await h.as('staff');
    const project = (await staff.post('/projects', { companyId: h.companyA, name: 'Fan-out' })).body;
    const task = (await staff.post(`/projects/${project.id}/tasks`, { title: 'Popular', visibleToClient: true })).body;
    const streams = await Promise.all(
      Array.from({ length: 50 }, async () => (await h.as('clientA')).events('/events')),
    );
    for (const s of streams) await s.next();
    await staff.patch(`/tasks/${task.id}`, { version: 1, status: 'in_progress' });
    const got = await Promise.all(streams.map((s) => s.next(5000)));
    expect(got.filter((e) => e?.data?.id === task.id)).toHaveLength(50);
    for (const s of streams) s.close();
  });

  it('ends the stream once the session is revoked', async () => {
    const stream = await (await h.as('clientA')).events('/events');
    expect((await stream.next())?.event).toBe('ready');
    await revokeUserSessions(h.db, h.users.clientA);
    await stream.next(3000);
    expect(stream.ended).toBe(true);
    stream.close();
  });

  it('refuses anonymous viewers', async () => {
    const stream = await (await h.as('anonymous')).events('/events');
    expect(stream.status).toBe(401);
  });
});
