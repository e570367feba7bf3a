import { listProjects } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

export async function load({ parent, fetch, url }) {
  const { user } = await parent();
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
  const projects = user.companyId
    ? await signedInData(url, listProjects({ page, pageSize: 24 }, fetch))
    : { items: [], page: 1, pageSize: 24, total: 0 };
  return { projects, page };
}
