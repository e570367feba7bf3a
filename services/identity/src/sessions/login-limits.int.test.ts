import { hashPassword } from '@coppertone/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../accounts/accounts.repo.ts';
import { type IdentityHarness, setupIdentity } from '../testing.ts';
import { LOGIN_LIMITS } from './sessions.service.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

const PASSWORD = 'owner-knows-this-one';

/** An account of its own per test, so one test's counters never meet another's. */
async function owner(name: string): Promise<{ email: string; password: string }> {
  const email = `${name}@example.com`;
  await insertUser(h.db, { email, name, passwordHash: await hashPassword(PASSWORD), role: 'client', confirmed: true });
  return { email, password: PASSWORD };
}

const wrong = (account: { email: string }, i = 0) => ({ email: account.email, password: `wrong-guess-${i}` });

/** `count` wrong passwords from `address`, each answered 401. */
async function guess(account: { email: string }, address: string, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    expect((await h.client(address).post('/login', wrong(account, i))).status, `guess ${i} from ${address}`).toBe(401);
  }
}

describe('login limits: guessing is bounded, the owner is not locked out', () => {
  it("a stranger's eleven wrong passwords stop the stranger's address, not the owner signing in from another (issue 12)", async () => {
    const account = await owner('lockout');
    await guess(account, '203.0.113.10', LOGIN_LIMITS.accountAddress.limit);
    const limited = await h.client('203.0.113.10').post('/login', wrong(account, 99));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password is refused from the guessing address for the rest of its window…
    expect((await h.client('203.0.113.10').post('/login', account)).status).toBe(429);
    // …while the owner signs in from their own address.
    const mine = await h.client('198.18.0.1').post('/login', account);
    expect(mine.status).toBe(200);
    expect(mine.body.user.email).toBe(account.email);
  });

  it('limits the pair only: the same address may still sign in to other accounts', async () => {
    const target = await owner('pair-target');
    const other = await owner('pair-other');
    await guess(target, '203.0.113.20', LOGIN_LIMITS.accountAddress.limit);
    expect((await h.client('203.0.113.20').post('/login', wrong(target))).status).toBe(429);
    expect((await h.client('203.0.113.20').post('/login', other)).status).toBe(200);
  });

  it("a successful sign-in clears its address's failures for that account", async () => {
    const account = await owner('typo');
    await guess(account, '203.0.113.30', LOGIN_LIMITS.accountAddress.limit - 1);
    expect((await h.client('203.0.113.30').post('/login', account)).status).toBe(200);
    // A fresh allowance: as many failures again before the address is limited.
    await guess(account, '203.0.113.30', LOGIN_LIMITS.accountAddress.limit, 100);
    expect((await h.client('203.0.113.30').post('/login', wrong(account))).status).toBe(429);
  });

  it('holds a ceiling per account across many addresses, which a limited address does not add to and a password reset lifts', async () => {
    const account = await owner('ceiling');
    const perAddress = LOGIN_LIMITS.accountAddress.limit;
    const addresses = LOGIN_LIMITS.account.limit / perAddress;
    for (let a = 0; a < addresses; a++) {
      const address = `203.0.114.${a + 1}`;
      await guess(account, address, perAddress, a * perAddress);
      // Refused at the pair: not counted towards the ceiling.
      expect((await h.client(address).post('/login', wrong(account))).status).toBe(429);
    }
    const fresh = await h.client('203.0.115.1').post('/login', wrong(account));
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0);
    const row = await h.db
      .selectFrom('rate_limits')
      .select('hits')
      .where('key', '=', `${LOGIN_LIMITS.account.scope}:${account.email}`)
      .executeTakeFirstOrThrow();
    expect(row.hits).toBe(LOGIN_LIMITS.account.limit + 1);

    // At the ceiling even the owner's password is refused, from anywhere…
    expect((await h.client('198.18.1.1').post('/login', account)).status).toBe(429);
    // …until the owner proves themselves through the mailed reset link (OWASP's remedy).
    expect((await h.client('198.18.1.1').post('/password/forgot', { email: account.email })).status).toBe(202);
    const token = h.linkToken(await h.mailTo(account.email, (m) => m.subject === 'Reset your password'));
    const fresh2 = 'amber-lighthouse-77';
    expect((await h.client('198.18.1.1').post('/password/reset', { token, password: fresh2 })).status).toBe(204);
    expect((await h.client('198.18.1.2').post('/login', { email: account.email, password: fresh2 })).status).toBe(200);
    // The pairs are forgotten too: an address limited before the reset may try again.
    expect((await h.client('203.0.114.1').post('/login', { email: account.email, password: fresh2 })).status).toBe(200);
  });
});
