import type { Database } from '@coppertone/db';
import type { Kysely } from 'kysely';
import { dateOnly } from '../dates.ts';

export type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * A stored value as the API would send it, beside the submitted one: `date` columns come back as
 * Dates (the API speaks YYYY-MM-DD) and `numeric` columns as strings ("100.00" for 100).
 */
function asSubmitted(stored: unknown, submitted: unknown): unknown {
  if (stored instanceof Date && typeof submitted === 'string') return dateOnly(stored);
  if (typeof stored === 'string' && typeof submitted === 'number' && stored.trim() !== '') {
    const n = Number(stored);
    if (Number.isFinite(n)) return n;
  }
  return stored;
}

/** Compares the fields a change touched; only real differences are recorded, as the API speaks them. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): Changes {
  const changes: Changes = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = asSubmitted(before[key], to);
    if (String(from ?? '') !== String(to ?? '')) changes[key] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}

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

/** A page and the cursor for the one after it (one extra row read tells whether there is more). */
export async function activityPage(db: Kysely<Database>, projectId: string, limit: number, before?: string) {
  const rows = await listActivity(db, projectId, limit + 1, before);
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
