import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

const demo = { email: 'staff@demo.test', password: 'coppertone-demo' };

describe('sessions', () => {
  it('logs in with any case of the e-mail, and the same wrong answer for unknown user and wrong password', async () => {
    const ok = await h.client().post('/login', { email: 'STAFF@Demo.Test', password: demo.password });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: 'staff@demo.test', role: 'staff' });
    expect(ok.body.user).not.toHaveProperty('password_hash');
    const wrong = await h.client().post('/login', { email: demo.email, password: 'not-the-password' });
    const unknown = await h.client().post('/login', { email: 'ghost@demo.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('logout revokes the session on the server, not just the cookie', async () => {
    const browser = h.client();
    await browser.post('/login', demo);
    const stolen = browser.cookies.get('cp_session') as string;
    expect((await browser.post('/logout')).status).toBe(204);
    expect(browser.cookies.has('cp_session')).toBe(false);
    const replay = h.client();
    replay.cookies.set('cp_session', stolen);
    expect((await replay.get('/me')).status).toBe(401);
    expect((await browser.post('/logout')).status).toBe(401);
  });

  it('GET /session names who is signed in, and stops doing so once the session is revoked', async () => {
    const browser = h.client();
    expect((await browser.get('/session')).status).toBe(401);
    const login = await browser.post('/login', demo);
    const stolen = browser.cookies.get('cp_session') as string;
    const replay = h.client();
    replay.cookies.set('cp_session', stolen);
    const before = await replay.get('/session');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ userId: login.body.user.id, role: 'staff', companyId: null });
    expect(before.headers.get('cache-control')).toBe('no-store');
    // The second check is answered from the session cache; signing out must still end it at once.
    expect((await replay.get('/session')).status).toBe(200);
    expect((await browser.post('/logout')).status).toBe(204);
    expect((await replay.get('/session')).status).toBe(401);
  });

  it('rotates the token on login and revokes the one the browser held', async () => {
    const browser = h.client();
    await browser.post('/login', demo);
    const first = browser.cookies.get('cp_session') as string;
    await browser.post('/login', demo);
    const second = browser.cookies.get('cp_session') as string;
    expect(second).not.toBe(first);
    const old = h.client();
    old.cookies.set('cp_session', first);
    expect((await old.get('/me')).status).toBe(401);
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('"log out everywhere" ends every session of the user only', async () => {
    const a = h.client();
    const b = h.client();
    const other = h.client();
    await a.post('/login', { email: 'admin@demo.test', password: demo.password });
    await b.post('/login', { email: 'admin@demo.test', password: demo.password });
    await other.post('/login', { email: 'client@demo.test', password: demo.password });
    const res = await a.post('/logout-all');
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBeGreaterThanOrEqual(2);
    expect((await a.get('/me')).status).toBe(401);
    expect((await b.get('/me')).status).toBe(401);
    expect((await other.get('/me')).status).toBe(200);
  });

  it('expires sessions after the idle limit and after the absolute limit', async () => {
    const idle = h.client();
    const absolute = h.client();
    await idle.post('/login', demo);
    await absolute.post('/login', demo);
    const sessions = await h.db
      .selectFrom('sessions')
      .select(['id', 'created_at'])
      .orderBy('created_at', 'desc')
      .limit(2)
      .execute();
    const [absoluteId, idleId] = sessions.map((s) => s.id) as [string, string];
    await h.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 8 * 24 * 3600 * 1000) })
      .where('id', '=', idleId)
      .execute();
    await h.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', absoluteId)
      .execute();
    expect((await idle.get('/me')).status).toBe(401);
    expect((await absolute.get('/me')).status).toBe(401);
  });

  it('refuses tampered and malformed session cookies', async () => {
    const browser = h.client();
    await browser.post('/login', demo);
    const token = browser.cookies.get('cp_session') as string;
    for (const bad of [
      `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`,
      'abc',
      `${token}%00`,
      "' or 1=1 --",
    ]) {
      const c = h.client();
      c.cookies.set('cp_session', bad);
      expect((await c.get('/me')).status).toBe(401);
    }
  });

  it('rate-limits login per address', async () => {
    const browser = h.client('192.0.2.77');
    for (let i = 0; i < 100; i++)
      await browser.post('/login', { email: `nobody${i}@demo.test`, password: 'whatever-123' });
    const res = await browser.post('/login', demo);
    expect(res.status).toBe(429);
    expect((await h.client('192.0.2.78').post('/login', demo)).status).toBe(200);
  });

  it('refuses a cross-site state-changing request with 403 (CSRF)', async () => {
    const browser = h.client();
    await browser.post('/login', demo);
    const evil = await browser.post('/logout', undefined, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect((await browser.get('/me')).status).toBe(200);
    const fetchMeta = await browser.post('/logout-all', undefined, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMeta.status).toBe(403);
    const same = await browser.post('/logout', undefined, { origin: 'https://portal.coppertone.test' });
    expect(same.status).toBe(204);
  });
});
