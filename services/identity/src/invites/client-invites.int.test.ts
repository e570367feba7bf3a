import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;
let companyId: string;
let otherCompany: string;
beforeAll(async () => {
  h = await setupIdentity();
  companyId = h.demoCompanyId;
  otherCompany = (
    await h.db.insertInto('companies').values({ name: 'Other Co' }).returning('id').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

describe('clients invite colleagues', () => {
  it('a client invites a colleague into their own company; staff see who invited whom', async () => {
    const client = await h.signIn('client@demo.test');
    expect((await client.get('/invites')).body.canInvite).toBe(true);
    // No company named: their own is meant.
    const res = await client.post('/invites', { email: 'colleague@democlient.test', role: 'client' });
    expect(res.status).toBe(201);
    const mail = await h.mailTo('colleague@democlient.test');
    expect(mail.subject).toBe('Casey Client invited you to Coppertone');
    expect(mail.text).toContain("Demo Client Ltd's projects");
    const reg = await h.client().post('/register', {
      name: 'Colin',
      email: 'x@example.com',
      password: 'saffron-kettle-41',
      inviteToken: h.linkToken(mail),
    });
    expect(reg.body.user).toMatchObject({ role: 'client', companyId });

    const staff = await h.signIn('staff@demo.test');
    const list = await staff.get(`/invites?companyId=${companyId}`);
    expect(list.body.invites[0]).toMatchObject({
      email: 'colleague@democlient.test',
      companyName: 'Demo Client Ltd',
      invitedBy: 'Casey Client',
      invitedByRole: 'client',
      state: 'accepted',
    });
    // The client sees their company's invitations too, and no one else's.
    await staff.post('/invites', { email: 'other@other.test', role: 'client', companyId: otherCompany });
    const own = (await client.get('/invites')).body.invites.map((i: { email: string }) => i.email);
    expect(own).toContain('colleague@democlient.test');
    expect(own).not.toContain('other@other.test');
  });

  it('never into another company, never as staff', async () => {
    const client = await h.signIn('client@demo.test');
    const other = await client.post('/invites', {
      email: 'sneak@example.com',
      role: 'client',
      companyId: otherCompany,
    });
    expect(other.status).toBe(404);
    expect((await client.post('/invites', { email: 'sneak@example.com', role: 'staff' })).status).toBe(403);
    expect(await h.db.selectFrom('invites').select('id').where('email', '=', 'sneak@example.com').execute()).toEqual(
      [],
    );
  });

  it('an admin turns it off for a company: the client is refused with a reason, and can again once on', async () => {
    const admin = await h.signIn('admin@demo.test');
    const client = await h.signIn('client@demo.test');
    const off = await admin.request('PUT', `/companies/${companyId}/client-invites`, { clientInvites: false });
    expect(off.status).toBe(200);
    expect((await admin.get('/companies')).body.companies).toContainEqual({
      id: companyId,
      name: 'Demo Client Ltd',
      clientInvites: false,
    });
    expect((await client.get('/invites')).body.canInvite).toBe(false);
    const refused = await client.post('/invites', { email: 'later@democlient.test', role: 'client' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('turned off for your company');
    // Staff still invite into it.
    const staff = await h.signIn('staff@demo.test');
    expect((await staff.post('/invites', { email: 'later@democlient.test', role: 'client', companyId })).status).toBe(
      201,
    );
    await admin.request('PUT', `/companies/${companyId}/client-invites`, { clientInvites: true });
    expect((await client.post('/invites', { email: 'again@democlient.test', role: 'client' })).status).toBe(201);
    expect(
      (
        await admin.request('PUT', '/companies/00000000-0000-4000-8000-000000000000/client-invites', {
          clientInvites: true,
        })
      ).status,
    ).toBe(404);
  });
});
