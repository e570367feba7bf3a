import { error } from '@sveltejs/kit';
import { isApiError } from '#lib/api/client.ts';
import { listStaff } from '#lib/api/identity.ts';
import { getProject, getTask, listComments } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';
import { staffOnly } from '#lib/work/guard.ts';

export async function load({ parent, fetch, params, url }) {
  const { user } = await parent();
  staffOnly(user);
  try {
    const [task, comments, staff] = await Promise.all([
      getTask(params.id, fetch),
      listComments(params.id, fetch),
      listStaff({}, fetch),
    ]);
    const project = await getProject(task.projectId, fetch);
    return { task, comments, project, staff };
  } catch (failure) {
    if (isApiError(failure) && (failure.status === 404 || failure.status === 400)) error(404, 'There is no such task.');
    return signedInData(url, Promise.reject(failure));
  }
}
