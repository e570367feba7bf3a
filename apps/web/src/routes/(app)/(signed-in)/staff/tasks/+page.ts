import { myTasks } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';
import { staffOnly } from '#lib/components/work/guard.ts';

const STATUSES = new Set(['todo', 'in_progress', 'in_review', 'done', 'blocked']);

/** Tasks assigned to the signed-in member of staff, across projects; `?status=` filters. */
export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  staffOnly(user);
  const param = url.searchParams.get('status') ?? '';
  const status = STATUSES.has(param) ? param : '';
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
  const tasks = await signedInData(url, myTasks({ status: status || undefined, page, pageSize: 50 }, fetch));
  return { tasks, status, page };
}
