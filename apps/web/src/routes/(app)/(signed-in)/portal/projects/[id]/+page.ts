import { error } from '@sveltejs/kit';
import { isApiError } from '#lib/api/client.ts';
import { getProject, listComments, listProjectTasks } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

export async function load({ parent, fetch, params, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  try {
    const [project, tasks] = await Promise.all([getProject(params.id, fetch), listProjectTasks(params.id, fetch)]);
    const comments = Object.fromEntries(
      await Promise.all(tasks.map(async (task) => [task.id, await listComments(task.id, fetch)] as const)),
    );
    return { project, tasks, comments };
  } catch (failure) {
    if (isApiError(failure) && (failure.status === 404 || failure.status === 400))
      error(404, 'There is no such project.');
    return signedInData(url, Promise.reject(failure));
  }
}
