import type { Database } from '@coppertone/db';
import type { Kysely, Transaction } from 'kysely';

/** Client accounts, confirmed, in no company, oldest first. */
export function listWaitingUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'created_at'])
    .where('role', '=', 'client')
    .where('company_id', 'is', null)
    .where('email_confirmed_at', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(500)
    .execute();
}

/** The account to link, its row locked until the transaction ends; undefined when there is none. */
export function lockUser(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'company_id', 'email_confirmed_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function companyName(db: Kysely<Database>, id: string): Promise<string | undefined> {
  return (await db.selectFrom('companies').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

export async function userName(db: Kysely<Database>, id: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

export async function setUserCompany(trx: Transaction<Database>, userId: string, companyId: string): Promise<void> {
  await trx
    .updateTable('users')
    .set({ company_id: companyId, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}
