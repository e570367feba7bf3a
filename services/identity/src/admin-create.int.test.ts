import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { verifyPassword } from '@coppertone/auth';
import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAccounts } from './demo.ts';

const script = fileURLToPath(new URL('./admin-create.ts', import.meta.url));
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

// The command runs against a real server database; PGlite runs keep one process per data dir.
const realPostgres = process.env.TEST_DB !== 'pglite';

function run(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent', ADMIN_PASSWORD: '', ...env },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe.runIf(realPostgres)('npm run admin:create', () => {
  it('creates a confirmed admin with a generated password printed once', async () => {
    const res = run(['--email', 'Owner@Coppertone.test', '--name', 'Olive Owner']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const password = /Password \(shown once, change it after signing in\): (\S+)/.exec(res.out)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    const user = await database.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'Owner@Coppertone.test')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'admin', name: 'Olive Owner' });
    expect(user.email_confirmed_at).not.toBeNull();
    expect(await verifyPassword(user.password_hash, password)).toBe(true);
  });

  it('takes the password from ADMIN_PASSWORD and never prints it', () => {
    const res = run(['--email', 'second@coppertone.test'], { ADMIN_PASSWORD: 'granite-orchard-12' });
    expect(res.code).toBe(0);
    expect(res.out).not.toContain('granite-orchard-12');
  });

  it('refuses a missing or bad e-mail, a weak password, and an existing account, with a reason', () => {
    expect(run([]).err).toMatch(/--email is required/);
    expect(run(['--email', 'nope']).err).toMatch(/"nope" is not an e-mail address/);
    expect(run(['--email', 'x@coppertone.test'], { ADMIN_PASSWORD: 'password123' }).err).toMatch(
      /ADMIN_PASSWORD: This password is too common/,
    );
    const dup = run(['--email', 'owner@coppertone.test']);
    expect(dup.code).toBe(2);
    expect(dup.err).toMatch(/already exists/);
  });
});

describe('demo accounts', () => {
  it('are seeded only into a database with no users', async () => {
    const empty = await createTestDatabase();
    try {
      expect(await seedDemoAccounts(empty.db)).toBe(true);
      expect(await seedDemoAccounts(empty.db)).toBe(false);
      const users = await empty.db.selectFrom('users').select(['email', 'role']).orderBy('email').execute();
      expect(users).toEqual([
        { email: 'admin@demo.test', role: 'admin' },
        { email: 'client@demo.test', role: 'client' },
        { email: 'staff@demo.test', role: 'staff' },
      ]);
    } finally {
      await empty.close();
    }
    const taken = await createTestDatabase();
    try {
      await taken.db
        .insertInto('users')
        .values({
          email: 'real@coppertone.test',
          name: 'Real',
          role: 'admin',
          password_hash: 'x',
          email_confirmed_at: new Date(),
        })
        .execute();
      expect(await seedDemoAccounts(taken.db)).toBe(false);
      expect(await taken.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'real@coppertone.test' }]);
    } finally {
      await taken.close();
    }
  });
});
