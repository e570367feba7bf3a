import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

describe('password reset', () => {
  it('mails a single-use link; the new password works, the old one and every session stop', async () => {
    const session = h.client();
    await session.post('/login', { email: 'client@demo.test', password: 'coppertone-demo' });

    const res = await h.client().post('/password/forgot', { email: 'client@demo.test' });
    expect(res.status).toBe(202);
    const mail = await h.mailTo('client@demo.test', (m) => m.subject === 'Reset your password');
    expect(mail.text).toContain('https://portal.coppertone.test/auth/reset?token=');
    const token = h.linkToken(mail);

    expect((await h.client().post('/password/reset', { token, password: 'short' })).status).toBe(400);
    expect((await h.client().post('/password/reset', { token, password: 'amber-lighthouse-7' })).status).toBe(204);
    const again = await h.client().post('/password/reset', { token, password: 'amber-lighthouse-8' });
    expect(again.status).toBe(400);
    // Said as it is, so the page can tell the person the link was used rather than that it expired.
    expect(again.body.error.fields).toEqual({ token: 'already used' });
    const made = await h.client().post('/password/reset', { token: 'x'.repeat(43), password: 'amber-lighthouse-8' });
    expect(made.body.error.fields).toEqual({ token: 'invalid' });

    expect((await session.get('/me')).status).toBe(401);
    expect((await h.client().post('/login', { email: 'client@demo.test', password: 'coppertone-demo' })).status).toBe(
      401,
    );
    expect(
      (await h.client().post('/login', { email: 'client@demo.test', password: 'amber-lighthouse-7' })).status,
    ).toBe(200);
  });

  it('answers the same for unknown addresses and sends nothing', async () => {
    const known = await h.client().post('/password/forgot', { email: 'staff@demo.test' });
    const unknown = await h.client().post('/password/forgot', { email: 'ghost@example.com' });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    await h.mailTo('staff@demo.test');
    expect(h.mailsTo('ghost@example.com')).toHaveLength(0);
  });

  it('refuses a link older than an hour', async () => {
    await h.client().post('/password/forgot', { email: 'admin@demo.test' });
    const token = h.linkToken(await h.mailTo('admin@demo.test', (m) => m.subject === 'Reset your password'));
    await h.db
      .updateTable('email_tokens')
      .set({ expires_at: new Date(Date.now() - 1) })
      .where('purpose', '=', 'reset')
      .execute();
    const res = await h.client().post('/password/reset', { token, password: 'amber-lighthouse-9' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ token: 'expired' });
  });

  it('rate-limits reset requests per account', async () => {
    for (let i = 0; i < 5; i++)
      expect((await h.client().post('/password/forgot', { email: 'nobody@example.com' })).status).toBe(202);
    const res = await h.client().post('/password/forgot', { email: 'nobody@example.com' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});

describe('password change', () => {
  it('needs the current password, ends other sessions and re-issues this one', async () => {
    const here = h.client();
    const elsewhere = h.client();
    const creds = { email: 'staff@demo.test', password: 'coppertone-demo' };
    await here.post('/login', creds);
    await elsewhere.post('/login', creds);
    const before = here.cookies.get('cp_session');

    const wrong = await here.post('/password/change', {
      currentPassword: 'nope-nope-nope',
      newPassword: 'quartz-meadow-55',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ currentPassword: 'wrong password' });
    const weak = await here.post('/password/change', { currentPassword: creds.password, newPassword: 'qwertyuiop' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields).toHaveProperty('newPassword');

    const ok = await here.post('/password/change', {
      currentPassword: creds.password,
      newPassword: 'quartz-meadow-55',
    });
    expect(ok.status).toBe(204);
    expect(here.cookies.get('cp_session')).not.toBe(before);
    expect((await here.get('/me')).status).toBe(200);
    expect((await elsewhere.get('/me')).status).toBe(401);
    expect((await h.client().post('/password/change', { currentPassword: 'a', newPassword: 'b' })).status).toBe(401);
  });
});
