import { listProjects, listWorkCompanies, type ProjectStatus } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

export const PAGE_SIZE = 12;
const STATUSES: readonly ProjectStatus[] = ['active', 'on_hold', 'done'];

/** The filters live in the URL query: `?status=&company=&page=`. */
export async function load({ parent, fetch, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  const statusParam = url.searchParams.get('status');
  const status = STATUSES.find((s) => s === statusParam);
  const company = url.searchParams.get('company') ?? '';
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
  const [projects, companies] = await signedInData(
    url,
    Promise.all([
      listProjects({ status, company: company || undefined, page, pageSize: PAGE_SIZE }, fetch),
      listWorkCompanies(fetch),
    ]),
  );
  return { projects, companies, filter: { status: status ?? '', company, page } };
}
