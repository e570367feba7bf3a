import type { Database } from '@coppertone/db';
import type { Kysely } from 'kysely';

export interface NewContactMessage {
  name: string;
  email: string;
  company?: string;
  message: string;
  remoteAddress: string;
  userAgent?: string;
}

export async function insertMessage(db: Kysely<Database>, m: NewContactMessage): Promise<{ id: string }> {
  return db
    .insertInto('contact_messages')
    .values({
      name: m.name,
      email: m.email,
      company: m.company ?? null,
      message: m.message,
      remote_address: m.remoteAddress,
      user_agent: m.userAgent?.slice(0, 500) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findMessage(db: Kysely<Database>, id: string) {
  return db.selectFrom('contact_messages').selectAll().where('id', '=', id).executeTakeFirst();
}
