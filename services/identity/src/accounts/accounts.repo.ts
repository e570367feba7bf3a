import { hashToken, looksLikeToken, newToken } from '@coppertone/auth';
import type { Database, Role } from '@coppertone/db';
import { type Kysely, sql, type Transaction } from 'kysely';

export const findUserByEmail = (db: Kysely<Database>, email: string) =>
  db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();

export const findUserById = (db: Kysely<Database>, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertUser(
  db: Kysely<Database>,
  u: { email: string; name: string; passwordHash: string; role: Role; companyId?: string | null; confirmed?: boolean },
) {
  return db
    .insertInto('users')
    .values({
      email: u.email,
      name: u.name,
      password_hash: u.passwordHash,
      role: u.role,
      company_id: u.companyId ?? null,
      email_confirmed_at: u.confirmed ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The public view of a user: never the password hash. */
export async function userView(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('companies as c', 'c.id', 'u.company_id')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.company_id as companyId', 'c.name as companyName'])
    .where('u.id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}
export type UserView = Awaited<ReturnType<typeof userView>>;

/** Sets the user's name; false when there is no such user. */
export async function renameUser(db: Kysely<Database>, id: string, name: string): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ name, updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Issues a single-use e-mail token; earlier unused ones of the same purpose stop working. */
/** Marks the address as proven by a followed confirmation link. */
export async function markEmailConfirmed(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_confirmed_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Sets a new password hash. */
export async function setPasswordHash(db: Kysely<Database>, id: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * Sets a password from a reset link: the mailed link also proves the address, so an unconfirmed one
 * becomes confirmed (a confirmed one keeps its first date). Returns the account's e-mail address.
 */
export async function setPasswordFromReset(db: Kysely<Database>, id: string, passwordHash: string): Promise<string> {
  const now = new Date();
  const { email } = await db
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      updated_at: now,
      email_confirmed_at: eb.fn.coalesce('email_confirmed_at', eb.val(now)),
    }))
    .where('id', '=', id)
    .returning('email')
    .executeTakeFirstOrThrow();
  return email;
}

export async function issueEmailToken(
  db: Kysely<Database>,
  userId: string,
  purpose: 'confirm' | 'reset',
  ttlMs: number,
): Promise<string> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  const { token, hash } = newToken();
  await db
    .insertInto('email_tokens')
    .values({ user_id: userId, purpose, token_hash: hash, expires_at: new Date(Date.now() + ttlMs) })
    .execute();
  return token;
}

/**
 * Why a token that could not be used was refused, so a page can say "already used" rather than
 * "expired". Knowing it takes the token itself (256 random bits): it tells its holder nothing new.
 */
export async function emailTokenRefusal(
  db: Kysely<Database>,
  token: string,
  purpose: 'confirm' | 'reset',
): Promise<'already used' | 'expired' | 'invalid'> {
  if (!looksLikeToken(token)) return 'invalid';
  const row = await db
    .selectFrom('email_tokens')
    .select(['used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!row) return 'invalid';
  return row.used_at ? 'already used' : 'expired';
}

/** Uses a token up, atomically: of two concurrent uses only one gets the user id. */
export async function consumeEmailToken(
  db: Kysely<Database>,
  token: string,
  purpose: 'confirm' | 'reset',
): Promise<string | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const row = await db
    .updateTable('email_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Accounts made so far (the scrape-time metric, identity.metrics.ts). */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from users`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

// Demo accounts (demo.ts), inside their transaction.

/** Whether the database holds any account at all. */
export async function anyUser(trx: Transaction<Database>): Promise<boolean> {
  return !!(await trx.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

export const insertCompany = (trx: Transaction<Database>, name: string) =>
  trx.insertInto('companies').values({ name }).returning('id').executeTakeFirstOrThrow();

/** Accounts whose address counts as confirmed now. */
export async function insertConfirmedUsers(
  trx: Transaction<Database>,
  users: Array<{ email: string; name: string; role: Role; passwordHash: string; companyId: string | null }>,
): Promise<void> {
  await trx
    .insertInto('users')
    .values(
      users.map((u) => ({
        email: u.email,
        name: u.name,
        role: u.role,
        password_hash: u.passwordHash,
        company_id: u.companyId,
        email_confirmed_at: new Date(),
      })),
    )
    .execute();
}
