import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

async function signedIn(email: string) {
  const session = h.client();
  expect((await session.post('/login', { email, password: 'coppertone-demo' })).status).toBe(200);
  return session;
}

describe('notification choices', () => {
  it('staff choose their own notifications; every one starts on, a change is kept', async () => {
    const staff = await signedIn('staff@demo.test');
    const first = await staff.get('/me/notifications');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      { kind: 'task_assigned', label: 'Someone assigns a task to me', on: true },
      { kind: 'payment_received', label: 'A client pays an invoice', on: true },
    ]);
    const off = await staff.patch('/me/notifications', { on: { task_assigned: false } });
    expect(off.status).toBe(200);
    expect(off.body.items.map((i: { kind: string; on: boolean }) => [i.kind, i.on])).toEqual([
      ['task_assigned', false],
      ['payment_received', true],
    ]);
    const row = await h.db
      .selectFrom('users')
      .select('muted_notifications')
      .where('email', '=', 'staff@demo.test')
      .executeTakeFirstOrThrow();
    expect(row.muted_notifications).toEqual(['task_assigned']);
    // Another change leaves the first as it was; turning it on again empties the list.
    await staff.patch('/me/notifications', { on: { payment_received: false } });
    expect((await staff.get('/me/notifications')).body.items.every((i: { on: boolean }) => !i.on)).toBe(true);
    await staff.patch('/me/notifications', { on: { task_assigned: true, payment_received: true } });
    expect((await staff.get('/me/notifications')).body.items.every((i: { on: boolean }) => i.on)).toBe(true);
  });

  it('a client has only their own kinds; another kind, or no session, is refused', async () => {
    const client = await signedIn('client@demo.test');
    expect((await client.get('/me/notifications')).body.items.map((i: { kind: string }) => i.kind)).toEqual([
      'receipt',
    ]);
    const wrong = await client.patch('/me/notifications', { on: { task_assigned: false } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ 'on.task_assigned': 'Not a notification you can choose' });
    expect((await h.client().get('/me/notifications')).status).toBe(401);
    expect((await h.client().patch('/me/notifications', { on: { receipt: false } })).status).toBe(401);
  });
});
