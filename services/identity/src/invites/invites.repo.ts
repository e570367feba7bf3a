import type { Database } from '@coppertone/db';
import { type Kysely, sql } from 'kysely';

/** Whether the company's clients may invite colleagues; undefined when there is no such company. */
export async function companyClientInvites(db: Kysely<Database>, companyId: string): Promise<boolean | undefined> {
  return (await db.selectFrom('companies').select('client_invites').where('id', '=', companyId).executeTakeFirst())
    ?.client_invites;
}

/** Turns clients' invitations on or off for a company; false when there is no such company. */
export async function updateClientInvites(db: Kysely<Database>, companyId: string, allowed: boolean): Promise<boolean> {
  const res = await db
    .updateTable('companies')
    .set({ client_invites: allowed })
    .where('id', '=', companyId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function companyName(db: Kysely<Database>, companyId: string): Promise<string | undefined> {
  return (await db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirst())?.name;
}

export async function insertInvite(
  db: Kysely<Database>,
  invite: {
    email: string;
    role: 'client' | 'staff';
    companyId: string | null;
    invitedBy: string;
    tokenHash: string;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('invites')
    .values({
      email: invite.email,
      role: invite.role,
      company_id: invite.companyId,
      invited_by: invite.invitedBy,
      token_hash: invite.tokenHash,
      expires_at: invite.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An invitation neither used nor expired, by its token's hash, with its company's name. */
export function findLiveInvite(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('invites as i')
    .leftJoin('companies as c', 'c.id', 'i.company_id')
    .select(['i.id', 'i.email', 'i.role', 'i.company_id', 'c.name as companyName'])
    .where('i.token_hash', '=', tokenHash)
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Marks a live invitation used, in one statement (two registrations cannot both use it). */
export function useInvite(db: Kysely<Database>, tokenHash: string) {
  return db
    .updateTable('invites')
    .set({ accepted_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['email', 'role', 'company_id'])
    .executeTakeFirst();
}

/** The latest 200 invitations, newest first, with who sent each; only one company's when given. */
export function listInviteRows(db: Kysely<Database>, companyId: string | null | undefined) {
  let q = db
    .selectFrom('invites as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .leftJoin('companies as c', 'c.id', 'i.company_id')
    .select([
      'i.id',
      'i.email',
      'i.role',
      'i.company_id as companyId',
      'c.name as companyName',
      'u.name as invitedBy',
      'u.role as invitedByRole',
      'i.created_at',
      'i.accepted_at',
      'i.expires_at',
    ])
    .orderBy('i.created_at', 'desc')
    .limit(200);
  if (companyId) q = q.where('i.company_id', '=', companyId);
  return q.execute();
}
