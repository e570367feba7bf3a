import type { Database } from '@coppertone/db';
import type { Kysely } from 'kysely';

import type { Changes } from './activity.service.ts';

export async function recordActivity(
  db: Kysely<Database>,
  entry: { projectId: string; taskId?: string; actorId: string; action: string; changes?: Changes },
): Promise<void> {
  await db
    .insertInto('activity')
    .values({
      project_id: entry.projectId,
      task_id: entry.taskId ?? null,
      actor_id: entry.actorId,
      action: entry.action,
      changes: JSON.stringify(entry.changes ?? {}),
    })
    .execute();
}

/** A project's activity, newest first; `before` (an entry's id) starts the page below that entry. */
export async function listActivity(db: Kysely<Database>, projectId: string, limit = 50, before?: string) {
  let query = db
    .selectFrom('activity as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .leftJoin('tasks as t', 't.id', 'a.task_id')
    .select([
      'a.id',
      'a.action',
      'a.changes',
      'a.created_at as at',
      'a.task_id as taskId',
      't.title as taskTitle',
      'u.name as actorName',
    ])
    .where('a.project_id', '=', projectId);
  if (before) query = query.where('a.id', '<', before);
  return query.orderBy('a.id', 'desc').limit(limit).execute();
}
