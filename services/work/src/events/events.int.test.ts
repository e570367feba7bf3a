import { findSession, revokeSession, revokeUserSessions, SESSIONS_CHANNEL } from '@coppertone/auth';
import { notify } from '@coppertone/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from '../testing.ts';

let h: WorkHarness;
beforeAll(async () => {
  // The periodic session check stays at its production interval (30 s): a stream must end on the
  // revocation announcement itself, well within the waits below.
  h = await setupWork();
});
afterAll(() => h.close());

describe('live updates (Server-Sent Events)', () => {
  it('delivers each task change to every viewer allowed to see it, and nothing to others', async () => {
    const staff = await h.as('staff');
    // The streams open first: a change's announcement may reach the function after its request
    // has answered, so one made just before a stream opened could still arrive on it.
    const streams = {
      staff: await (await h.as('staff2')).events('/events'),
      clientA: await (await h.as('clientA')).events('/events'),
      clientB: await (await h.as('clientB')).events('/events'),
    };
    for (const s of Object.values(streams)) expect((await s.next())?.event).toBe('ready');

    const project = (await staff.post('/projects', { companyId: h.companyA, name: 'Live' })).body;
    const task = (await staff.post(`/projects/${project.id}/tasks`, { title: 'Watch me', visibleToClient: true })).body;
    const internal = (await staff.post(`/projects/${project.id}/tasks`, { title: 'Secret' })).body;
    const created = { event: 'project.changed', data: { projectId: project.id } };
    expect(await streams.staff.next()).toMatchObject(created);
    expect(await streams.staff.next()).toMatchObject({ event: 'task.changed', data: { id: task.id, version: 1 } });
    expect(await streams.staff.next()).toMatchObject({ event: 'task.changed', data: { id: internal.id } });
    expect(await streams.clientA.next()).toMatchObject(created);
    expect(await streams.clientA.next()).toMatchObject({ event: 'task.changed', data: { id: task.id } });

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

  /** A staff browser with its open stream, and a task on a new project whose changes it would see. */
  async function watchingStaff() {
    const staff = await h.as('staff');
    const viewer = await h.as('staff2');
    const session = await findSession(h.db, viewer.cookies.get('cp_session'));
    // Open before the project is made, so that no announcement of its making arrives later.
    const stream = await viewer.events('/events');
    expect((await stream.next())?.event).toBe('ready');
    const project = (await staff.post('/projects', { companyId: h.companyA, name: 'After logout' })).body;
    const task = (await staff.post(`/projects/${project.id}/tasks`, { title: 'Still secret' })).body;
    expect(await stream.next()).toMatchObject({ event: 'project.changed', data: { projectId: project.id } });
    expect(await stream.next()).toMatchObject({ event: 'task.changed', data: { id: task.id, version: 1 } });
    // Proof the stream delivers this task's changes while signed in.
    await staff.patch(`/tasks/${task.id}`, { version: 1, status: 'in_progress' });
    expect(await stream.next()).toMatchObject({ event: 'task.changed', data: { id: task.id, version: 2 } });
    return { staff, task, stream, session: session as NonNullable<typeof session> };
  }

  /** Changes the task after the revocation; the stream must end without delivering it. */
  async function expectEndedWithoutEvents(w: Awaited<ReturnType<typeof watchingStaff>>) {
    await w.staff.patch(`/tasks/${w.task.id}`, { version: 2, status: 'done' });
    // A generous bound, far below the 30 s periodic check; no event may arrive before the end.
    expect(await w.stream.next(10_000)).toBeUndefined();
    expect(w.stream.ended).toBe(true);
    w.stream.close();
  }

  it('ends the stream on logout, delivering no task event after it (issue 12: events for ~28 s after logout)', async () => {
    const w = await watchingStaff();
    await revokeSession(h.db, w.session.sessionId);
    await expectEndedWithoutEvents(w);
  });

  it('ends the stream when every session of the user is revoked (log out everywhere, password or role change)', async () => {
    const stream = await (await h.as('clientA')).events('/events');
    expect((await stream.next())?.event).toBe('ready');
    await revokeUserSessions(h.db, h.users.clientA);
    expect(await stream.next(10_000)).toBeUndefined();
    expect(stream.ended).toBe(true);
    stream.close();
  });

  it.skipIf(process.env.TEST_DB === 'pglite')(
    'ends the stream on a revocation announced by another process (identity signs out, work streams)',
    async () => {
      const w = await watchingStaff();
      // What the identity function's logout does in its own process: delete the row, announce it.
      await h.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('id', '=', w.session.sessionId).execute();
        await notify(trx, SESSIONS_CHANNEL, { sessionId: w.session.sessionId });
      });
      await expectEndedWithoutEvents(w);
    },
  );

  it('refuses anonymous viewers', async () => {
    const stream = await (await h.as('anonymous')).events('/events');
    expect(stream.status).toBe(401);
  });
});
