import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

describe('invitations', () => {
  it('staff invite a client contact: link → register → signed in, linked to the company, single use', async () => {
    const staff = await h.signIn('staff@demo.test');
    const res = await staff.post('/invites', {
      email: 'dana@democlient.test',
      role: 'client',
      companyId: h.demoCompanyId,
    });
    expect(res.status).toBe(201);
    const mail = await h.mailTo('dana@democlient.test');
    expect(mail.subject).toBe('Sam Staff invited you to Coppertone');
    expect(mail.text).toContain("Demo Client Ltd's projects");
    const token = h.linkToken(mail);

    const described = await h.client().get(`/invites/${token}`);
    expect(described.status).toBe(200);
    expect(described.body).toEqual({ email: 'dana@democlient.test', role: 'client', companyName: 'Demo Client Ltd' });

    const invitee = h.client();
    const reg = await invitee.post('/register', {
      name: 'Dana',
      email: 'ignored@example.com',
      password: 'saffron-kettle-31',
      inviteToken: token,
    });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({
      email: 'dana@democlient.test',
      role: 'client',
      companyId: h.demoCompanyId,
      companyName: 'Demo Client Ltd',
    });
    expect((await invitee.get('/me')).status).toBe(200);

    const reuse = await h
      .client()
      .post('/register', { name: 'Eve', email: 'eve@example.com', password: 'saffron-kettle-32', inviteToken: token });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.fields).toEqual({ inviteToken: 'invalid or expired' });
    expect((await h.client().get(`/invites/${token}`)).status).toBe(404);
  });

  it('admins invite staff; staff cannot; clients cannot invite staff', async () => {
    const staff = await h.signIn('staff@demo.test');
    const client = await h.signIn('client@demo.test');
    const admin = await h.signIn('admin@demo.test');
    expect((await staff.post('/invites', { email: 'x@coppertone.test', role: 'staff' })).status).toBe(403);
    expect((await client.post('/invites', { email: 'x@coppertone.test', role: 'staff' })).status).toBe(403);
    expect((await admin.post('/invites', { email: 'new.staff@coppertone.test', role: 'staff' })).status).toBe(201);
    const token = h.linkToken(await h.mailTo('new.staff@coppertone.test'));
    const reg = await h.client().post('/register', {
      name: 'Nia',
      email: 'new.staff@coppertone.test',
      password: 'saffron-kettle-33',
      inviteToken: token,
    });
    expect(reg.body.user).toMatchObject({ role: 'staff', companyId: null });
  });

  it('refuses bad invitations with clear errors and stores nothing', async () => {
    const staff = await h.signIn('staff@demo.test');
    const before = await h.count('invites');
    expect((await staff.post('/invites', { email: 'a@b.test', role: 'client' })).body.error.fields).toEqual({
      companyId: 'Company is required',
    });
    expect(
      (
        await staff.post('/invites', {
          email: 'a@b.test',
          role: 'client',
          companyId: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(404);
    expect(
      (await staff.post('/invites', { email: 'nope', role: 'boss', companyId: 'x' })).body.error.fields,
    ).toHaveProperty('role');
    expect(await h.count('invites')).toBe(before);
  });

  it('refuses an invitation for an address that already has an account (409) and expired ones', async () => {
    const staff = await h.signIn('staff@demo.test');
    const before = await h.count('invites');
    const dup = await staff.post('/invites', { email: 'CLIENT@demo.test', role: 'client', companyId: h.demoCompanyId });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toEqual({ email: 'Already has an account' });
    expect(await h.count('invites')).toBe(before);

    // An account created after the invitation was sent: registering through it is refused.
    await staff.post('/invites', { email: 'race@example.com', role: 'client', companyId: h.demoCompanyId });
    const token = h.linkToken(await h.mailTo('race@example.com'));
    await h.client().post('/register', { name: 'R', email: 'race@example.com', password: 'saffron-kettle-36' });
    const late = await h
      .client()
      .post('/register', { name: 'R', email: 'x@example.com', password: 'saffron-kettle-34', inviteToken: token });
    expect(late.status).toBe(409);

    await staff.post('/invites', { email: 'late@example.com', role: 'client', companyId: h.demoCompanyId });
    const expired = h.linkToken(await h.mailTo('late@example.com'));
    await h.db
      .updateTable('invites')
      .set({ expires_at: new Date(Date.now() - 1) })
      .where('email', '=', 'late@example.com')
      .execute();
    expect((await h.client().get(`/invites/${expired}`)).status).toBe(404);
    expect(
      (
        await h.client().post('/register', {
          name: 'L',
          email: 'late@example.com',
          password: 'saffron-kettle-35',
          inviteToken: expired,
        })
      ).status,
    ).toBe(400);
  });
});

describe('roles', () => {
  it("changing a role ends the user's sessions so the new role applies at once", async () => {
    const admin = await h.signIn('admin@demo.test');
    const target = await h.signIn('client@demo.test');
    const id = (await target.get('/me')).body.user.id;
    const res = await admin.patch(`/users/${id}`, { role: 'staff' });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('staff');
    expect((await target.get('/me')).status).toBe(401);
    const again = await h.signIn('client@demo.test');
    expect((await again.get('/me')).body.user.role).toBe('staff');
    await admin.patch(`/users/${id}`, { role: 'client' });
  });

  it('never leaves the platform without an admin; unknown users are 404, malformed ids 400', async () => {
    const admin = await h.signIn('admin@demo.test');
    const me = (await admin.get('/me')).body.user.id;
    const res = await admin.patch(`/users/${me}`, { role: 'staff' });
    expect(res.status).toBe(409);
    expect((await admin.patch('/users/00000000-0000-4000-8000-000000000000', { role: 'staff' })).status).toBe(404);
    const malformed = await admin.patch('/users/not-a-uuid', { role: 'staff' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields).toEqual({ id: 'User must be an id' });
  });
});
