import type { Database, Role } from '@coppertone/db';
import type { Kysely, Transaction } from 'kysely';

/** Everyone with an account, oldest first, with their company's name. */
export function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .leftJoin('companies as c', 'c.id', 'u.company_id')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.company_id as companyId', 'c.name as companyName'])
    .orderBy('u.created_at')
    .limit(1000)
    .execute();
}

/** A page of staff and admins by name, narrowed to names or e-mails containing `q`; and how many match. */
export async function listStaff(db: Kysely<Database>, filter: { q?: string; page: number; pageSize: number }) {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : undefined;
  let query = db.selectFrom('users').where('role', 'in', ['staff', 'admin']);
  if (pattern) query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  const [items, count] = await Promise.all([
    query
      .select(['id', 'name', 'email'])
      .orderBy('name')
      .orderBy('id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** The user's role, their row locked until the transaction ends; undefined when there is no such user. */
export function lockUserRole(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('users').select(['id', 'role']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function countAdmins(trx: Transaction<Database>): Promise<number> {
  const admins = await trx
    .selectFrom('users')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(admins.n);
}

/** Staff and admins belong to no client company; a client keeps theirs. */
export async function setRole(trx: Transaction<Database>, id: string, role: Role): Promise<void> {
  await trx
    .updateTable('users')
    .set({ role, updated_at: new Date(), ...(role === 'client' ? {} : { company_id: null }) })
    .where('id', '=', id)
    .execute();
}

/** Client companies by name, and whether their clients may invite colleagues. */
export function listCompanies(db: Kysely<Database>) {
  return db
    .selectFrom('companies')
    .select(['id', 'name', 'client_invites as clientInvites'])
    .orderBy('name')
    .limit(1000)
    .execute();
}
