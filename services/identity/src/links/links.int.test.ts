import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

/** Registers on their own (no invitation) and confirms the address, as a new client would. */
async function selfRegistered(email: string, name: string) {
  const password = 'quartz-harbour-47';
  expect((await h.client().post('/register', { name, email, password })).status).toBe(202);
  const token = h.linkToken(await h.mailTo(email, (m) => m.subject === 'Confirm your e-mail address'));
  expect((await h.client().post('/confirm', { token })).status).toBe(200);
  return h.signIn(email, password);
}

describe('linking an existing account to a company', () => {
  it('staff see who waits, link one; the person is e-mailed and their open session sees the company at once', async () => {
    const person = await selfRegistered('waiting.wes@example.com', 'Wes Waiting');
    expect((await person.get('/me')).body.user).toMatchObject({ companyId: null, role: 'client' });
    const staff = await h.signIn('staff@demo.test');

    const waiting = await staff.get('/waiting');
    expect(waiting.status).toBe(200);
    const entry = waiting.body.people.find((p: { email: string }) => p.email === 'waiting.wes@example.com');
    expect(entry).toMatchObject({ name: 'Wes Waiting' });
    // Linked accounts, staff and unconfirmed ones are not waiting.
    const emails = waiting.body.people.map((p: { email: string }) => p.email);
    expect(emails).not.toContain('client@demo.test');
    expect(emails).not.toContain('staff@demo.test');

    const res = await staff.post(`/users/${entry.id}/company`, { companyId: h.demoCompanyId });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ companyId: h.demoCompanyId, companyName: 'Demo Client Ltd' });

    // The same session, not signed out: its next request carries the company.
    expect((await person.get('/me')).body.user).toMatchObject({
      companyId: h.demoCompanyId,
      companyName: 'Demo Client Ltd',
    });
    const mail = await h.mailTo('waiting.wes@example.com', (m) => m.subject.startsWith('You can now see'));
    expect(mail.subject).toBe('You can now see Demo Client Ltd on Coppertone');
    expect(mail.text).toContain('Sam Staff linked your Coppertone account to Demo Client Ltd');
    expect(mail.text).toContain('https://portal.coppertone.test/portal');
    expect((await staff.get('/waiting')).body.people.map((p: { email: string }) => p.email)).not.toContain(
      'waiting.wes@example.com',
    );
  });

  it('refuses to move someone already linked, staff, unknown people and unknown companies', async () => {
    const staff = await h.signIn('staff@demo.test');
    const id = async (email: string) =>
      (await h.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const linked = await staff.post(`/users/${await id('client@demo.test')}/company`, { companyId: h.demoCompanyId });
    expect(linked.status).toBe(409);
    expect(
      (await staff.post(`/users/${await id('admin@demo.test')}/company`, { companyId: h.demoCompanyId })).status,
    ).toBe(409);
    expect(
      (await staff.post('/users/00000000-0000-4000-8000-000000000000/company', { companyId: h.demoCompanyId })).status,
    ).toBe(404);
    await selfRegistered('nowhere@example.com', 'Nora');
    const unknown = await staff.post(`/users/${await id('nowhere@example.com')}/company`, {
      companyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ companyId: 'No such company' });
    expect(
      (
        await h.db
          .selectFrom('users')
          .select('company_id')
          .where('email', '=', 'nowhere@example.com')
          .executeTakeFirstOrThrow()
      ).company_id,
    ).toBeNull();
  });

  it('inviting an address that waits for access says to link it instead', async () => {
    await selfRegistered('invite.me@example.com', 'Ivy');
    const staff = await h.signIn('staff@demo.test');
    const res = await staff.post('/invites', {
      email: 'Invite.Me@example.com',
      role: 'client',
      companyId: h.demoCompanyId,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toEqual({ email: 'Has an account waiting for access: link it instead' });
  });
});
