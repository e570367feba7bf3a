import type { Database } from '@coppertone/db';
import type { Insertable, Kysely } from 'kysely';

/** More than any task gathers; the list is not paged. */
const COMMENTS_LIMIT = 500;

/** A task's comments, oldest first; `clientView` keeps only those meant for the client. */
function commentsQuery(db: Kysely<Database>, taskId: string, clientView: boolean) {
  return db
    .selectFrom('task_comments as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select([
      'm.id',
      'm.task_id as taskId',
      'u.name as authorName',
      'm.body',
      'm.visible_to_client as visibleToClient',
      'm.created_at as createdAt',
    ])
    .where('m.task_id', '=', taskId)
    .$if(clientView, (q) => q.where('m.visible_to_client', '=', true))
    .orderBy('m.created_at')
    .limit(COMMENTS_LIMIT);
}

export const listComments = (db: Kysely<Database>, taskId: string, clientView: boolean) =>
  commentsQuery(db, taskId, clientView).execute();

export const findComment = (db: Kysely<Database>, taskId: string, id: string) =>
  commentsQuery(db, taskId, false).where('m.id', '=', id).executeTakeFirstOrThrow();

export async function insertComment(
  db: Kysely<Database>,
  values: Insertable<Database['task_comments']>,
): Promise<string> {
  return (await db.insertInto('task_comments').values(values).returning('id').executeTakeFirstOrThrow()).id;
}
