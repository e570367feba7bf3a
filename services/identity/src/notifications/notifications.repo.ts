import type { Database } from '@coppertone/db';
import type { Kysely } from 'kysely';

/** A person's role and the notification kinds they turned off. */
export const notificationChoices = (db: Kysely<Database>, userId: string) =>
  db.selectFrom('users').select(['role', 'muted_notifications']).where('id', '=', userId).executeTakeFirst();

export async function setMutedNotifications(db: Kysely<Database>, userId: string, muted: string[]): Promise<void> {
  await db
    .updateTable('users')
    .set({ muted_notifications: muted, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}
