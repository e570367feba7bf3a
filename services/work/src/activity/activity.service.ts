import type { SessionUser } from '@coppertone/auth';
import { projectRefFor } from '../access.ts';
import type { WorkDeps } from '../context.ts';
import { dateOnly } from '../dates.ts';
import { authorize } from '../policy.ts';
import { listActivity } from './activity.repo.ts';

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

/** A page of a visible project's log (staff) and the cursor for the one after it: one extra row read tells whether there is more. */
export async function activityPage(
  deps: Pick<WorkDeps, 'db'>,
  actor: SessionUser,
  projectId: string,
  q: { limit: number; before?: string },
) {
  const project = await projectRefFor(deps, actor, projectId, 'project.read');
  authorize(actor, 'project.activity');
  const rows = await listActivity(deps.db, project.id, q.limit + 1, q.before);
  const items = rows.slice(0, q.limit);
  return { items, next: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}
