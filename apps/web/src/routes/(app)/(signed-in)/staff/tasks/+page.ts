import { myTasks } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';
import { TASK_STATUSES } from '#lib/work/board.ts';

/** Tasks assigned to the signed-in member of staff, across projects; `?status=` filters. */
export async function load({ parent, fetch, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  const param = url.searchParams.get('status');
  const status = TASK_STATUSES.find((s) => s === param);
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
  const tasks = await signedInData(url, myTasks({ status, page, pageSize: 50 }, fetch));
  return { tasks, status: status ?? '', page };
}
