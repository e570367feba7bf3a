import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

const strong = 'violet-harbour-42';

describe('registration', () => {
  it('register → confirmation mail → confirm signs in → /me', async () => {
    const browser = h.client();
    const res = await browser.post('/register', { name: 'Noor Haddad', email: 'noor@example.com', password: strong });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'check_email' });
    expect(browser.cookies.size).toBe(0);

    const mail = await h.mailTo('noor@example.com');
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.text).toContain('https://portal.coppertone.test/auth/confirm?token=');
    const token = h.linkToken(mail);

    // Not confirmed yet: cannot sign in.
    const early = await h.client().post('/login', { email: 'noor@example.com', password: strong });
    expect(early.status).toBe(403);
    expect(early.body.error.fields).toEqual({ email: 'unconfirmed' });

    const confirmed = await browser.post('/confirm', { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user).toMatchObject({
      email: 'noor@example.com',
      name: 'Noor Haddad',
      role: 'client',
      companyId: null,
    });
    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('noor@example.com');

    // Single use.
    const again = await h.client().post('/confirm', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('validation_failed');
  });

  it('sets the session cookie HttpOnly, Secure (HTTPS), SameSite=Lax, Path=/, and stores only its hash', async () => {
    const browser = h.client();
    const res = await browser.post('/login', { email: 'staff@demo.test', password: 'coppertone-demo' });
    expect(res.status).toBe(200);
    const cookie = res.setCookie.find((c) => c.startsWith('cp_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const token = browser.cookies.get('cp_session') as string;
    const stored = await h.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });

  it('answers an existing e-mail exactly like a new one, and mails the owner instead', async () => {
    const fresh = await h
      .client()
      .post('/register', { name: 'New Person', email: 'new.person@example.com', password: strong });
    const existing = await h
      .client()
      .post('/register', { name: 'Impostor', email: 'CLIENT@demo.test', password: strong });
    expect(existing.status).toBe(fresh.status);
    expect(existing.body).toEqual(fresh.body);
    const notice = await h.mailTo('client@demo.test');
    expect(notice.subject).toBe('Someone tried to register with your e-mail address');
    expect(notice.text).not.toMatch(/token=/);
    expect(
      await h.db.selectFrom('users').select('name').where('email', '=', 'client@demo.test').executeTakeFirst(),
    ).toEqual({
      name: 'Casey Client',
    });
  });

  it('refuses bad input with 400 naming each field and stores nothing', async () => {
    const before = await h.count('users');
    const cases: Array<[unknown, string[]]> = [
      [{}, ['email', 'name', 'password']],
      [{ name: 'A', email: 'not-an-email', password: strong }, ['email']],
      [{ name: 'A', email: 'a@example.com', password: 'short' }, ['password']],
      [{ name: 'A', email: 'a@example.com', password: 'password1234' }, ['password']],
      [{ name: 42, email: ['x'], password: true }, ['email', 'name', 'password']],
      [{ name: 'x'.repeat(100 * 1024), email: 'a@example.com', password: strong }, ['name']],
      [{ name: 'A', email: `${'a'.repeat(250)}@example.com`, password: strong }, ['email']],
      [{ name: 'A', email: 'a@example.com', password: 'p'.repeat(300) }, ['password']],
    ];
    for (const [body, fields] of cases) {
      const res = await h.client().post('/register', body);
      const status = JSON.stringify(body).length > 64 * 1024 ? 413 : 400;
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      if (status === 400) expect(Object.keys(res.body.error.fields).sort()).toEqual(fields);
    }
    expect(await h.count('users')).toBe(before);
  });

  it('keeps unicode and SQL/HTML metacharacters in names verbatim, escaped in mail HTML', async () => {
    const name = `Zoë "O'Brien" <b>日本</b>; drop table users; --`;
    const res = await h.client().post('/register', { name, email: 'zoe@example.com', password: strong });
    expect(res.status).toBe(202);
    const row = await h.db
      .selectFrom('users')
      .select('name')
      .where('email', '=', 'zoe@example.com')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(name);
    const mail = await h.mailTo('zoe@example.com');
    expect(mail.html).toContain('&lt;b&gt;日本&lt;/b&gt;');
  });

  it('refuses tampered, truncated and expired confirmation tokens', async () => {
    await h.client().post('/register', { name: 'Tam', email: 'tam@example.com', password: strong });
    const token = h.linkToken(await h.mailTo('tam@example.com'));
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const t of [tampered, token.slice(0, 20), `${token}' or 1=1 --`, '']) {
      expect((await h.client().post('/confirm', { token: t })).status).toBe(400);
    }
    await h.db
      .updateTable('email_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('used_at', 'is', null)
      .execute();
    expect((await h.client().post('/confirm', { token })).status).toBe(400);
  });

  it('resends a confirmation link that replaces the old one, answering the same for any address', async () => {
    await h.client().post('/register', { name: 'Res', email: 'res@example.com', password: strong });
    const first = h.linkToken(await h.mailTo('res@example.com'));
    const resend = await h.client().post('/confirm/resend', { email: 'res@example.com' });
    const unknown = await h.client().post('/confirm/resend', { email: 'nobody@example.com' });
    expect(resend.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(resend.body);
    const second = h.linkToken(await h.mailTo('res@example.com', (m) => !m.text.includes(first)));
    expect(second).not.toBe(first);
    expect((await h.client().post('/confirm', { token: first })).status).toBe(400);
    expect((await h.client().post('/confirm', { token: second })).status).toBe(200);
  });

  it('lets a signed-in user rename themselves, validated', async () => {
    const browser = h.client();
    await browser.post('/login', { email: 'client@demo.test', password: 'coppertone-demo' });
    expect((await browser.patch('/me', { name: '' })).status).toBe(400);
    const ok = await browser.patch('/me', { name: 'Casey C.' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.name).toBe('Casey C.');
    expect((await h.client().patch('/me', { name: 'x' })).status).toBe(401);
  });
});
