import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';
import type { CompanyView } from './companies.schema.ts';

/** Client companies by name, each with its number of projects and of contacts. */
function companiesQuery(db: Kysely<Database>) {
  return db
    .selectFrom('companies as c')
    .select((eb) => [
      'c.id',
      'c.name',
      eb
        .selectFrom('projects as p')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('p.company_id', '=', 'c.id')
        .as('projects'),
      eb
        .selectFrom('users as u')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('u.company_id', '=', 'c.id')
        .as('contacts'),
    ])
    .orderBy('c.name');
}

const toCompanyView = (r: { id: string; name: string; projects: string | null; contacts: string | null }) => ({
  ...r,
  projects: Number(r.projects ?? 0),
  contacts: Number(r.contacts ?? 0),
});

export async function listCompanies(db: Kysely<Database>, limit: number): Promise<CompanyView[]> {
  return (await companiesQuery(db).limit(limit).execute()).map(toCompanyView);
}

export async function findCompany(db: Kysely<Database>, id: string): Promise<CompanyView | undefined> {
  const row = await companiesQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row && toCompanyView(row);
}

/** Names are unique regardless of case ("Acme" and "ACME" are one company). */
export async function companyNameTaken(db: Kysely<Database>, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('companies')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return !!row;
}

export async function companyExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return !!(await db.selectFrom('companies').select('id').where('id', '=', id).executeTakeFirst());
}

export function insertCompany(db: Kysely<Database>, name: string): Promise<{ id: string; name: string }> {
  return db.insertInto('companies').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export function listContacts(db: Kysely<Database>, companyId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('company_id', '=', companyId)
    .orderBy('name')
    .execute();
}
