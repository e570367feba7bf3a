import { error } from '@sveltejs/kit';
import { isApiError } from '#lib/api/client.ts';
import { listStaff } from '#lib/api/identity.ts';
import { getProject, listProjectTasks } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

export async function load({ parent, fetch, params, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  try {
    const [project, tasks, staff] = await Promise.all([
      getProject(params.id, fetch),
      listProjectTasks(params.id, fetch),
      listStaff({}, fetch),
    ]);
    return { project, tasks, staff };
  } catch (failure) {
    if (isApiError(failure) && (failure.status === 404 || failure.status === 400))
      error(404, 'There is no such project.');
    return signedInData(url, Promise.reject(failure));
  }
}
