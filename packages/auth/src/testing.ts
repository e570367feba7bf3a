import type { Database, Role } from '@coppertone/db';
import { TestClient } from '@coppertone/http/testing';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from './guard.ts';
import { createSession } from './sessions.ts';

type Fetch = (path: string, init: RequestInit) => Response | Promise<Response>;

/**
 * Test fixtures shared by the functions' integration tests: two client companies (A and B) and the
 * people described, confirmed, plus a browser signed in as any of them (a real session row).
 */
export async function seedTestPeople<K extends string>(
  db: Kysely<Database>,
  spec: Record<K, { email: string; role: Role; company?: 'A' | 'B' }>,
) {
  const company = async (name: string) =>
    (await db.insertInto('companies').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
  const companies = { A: await company('Acme A'), B: await company('Beta B') };
  const users = {} as Record<K, string>;
  for (const [key, u] of Object.entries(spec) as Array<[K, { email: string; role: Role; company?: 'A' | 'B' }]>) {
    const row = await db
      .insertInto('users')
      .values({
        email: u.email,
        name: u.email.split('@')[0] as string,
        role: u.role,
        company_id: u.company ? companies[u.company] : null,
        // Never used to sign in: tests get sessions directly.
        password_hash: '$argon2id$unused',
        email_confirmed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[key] = row.id;
  }
  /** A browser signed in as `who` (or anonymous), talking to the app through `fetch`. */
  async function browserAs(who: K | 'anonymous', fetch: Fetch): Promise<TestClient> {
    const client = new TestClient(fetch);
    if (who !== 'anonymous') client.cookies.set(SESSION_COOKIE, (await createSession(db, users[who])).token);
    return client;
  }
  return { companyA: companies.A, companyB: companies.B, users, browserAs };
}
