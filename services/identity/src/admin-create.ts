// Bootstrap the first admin: `npm run admin:create -- --email you@example.com [--name "Your Name"]`.
// The password comes from ADMIN_PASSWORD, or a strong one is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashPassword, passwordProblem } from '@coppertone/auth';
import { boot } from '@coppertone/runtime';
import { z } from 'zod';
import { findUserByEmail, insertUser } from './accounts/accounts.repo.ts';

const usage =
  'usage: npm run admin:create -- --email you@example.com [--name "Your Name"]  (password: ADMIN_PASSWORD or generated)';
const fail = (message: string): never => {
  process.stderr.write(`admin:create: ${message}\n${usage}\n`);
  process.exit(2);
};

let values: { email?: string; name?: string };
try {
  ({ values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } }));
} catch (err) {
  fail((err as Error).message);
  process.exit(2);
}
const email = z.email().safeParse(values.email?.trim());
if (!email.success) fail(values.email ? `"${values.email}" is not an e-mail address` : '--email is required');
const address = email.data as string;
const name = values.name?.trim() || address.split('@')[0] || 'Admin';
const generated = !process.env.ADMIN_PASSWORD;
const password = process.env.ADMIN_PASSWORD || randomBytes(18).toString('base64url');
const problem = passwordProblem(password, { email: address, name });
if (problem) fail(`ADMIN_PASSWORD: ${problem}`);

const { database } = await boot({
  name: 'admin-create',
  fields: {},
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});
try {
  if (await findUserByEmail(database.db, address)) fail(`an account with ${address} already exists`);
  await insertUser(database.db, {
    email: address,
    name,
    passwordHash: await hashPassword(password),
    role: 'admin',
    confirmed: true,
  });
  process.stdout.write(`Admin ${address} created.\n`);
  if (generated) process.stdout.write(`Password (shown once, change it after signing in): ${password}\n`);
} finally {
  await database.close();
}
