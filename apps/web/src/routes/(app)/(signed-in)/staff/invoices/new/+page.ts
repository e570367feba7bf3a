import { listWorkCompanies } from '#lib/api/billing.ts';
import { listProjects } from '#lib/api/work.ts';
import { signedInData } from '#lib/auth/guard.ts';

export async function load({ parent, fetch, url }) {
  await parent(); // the area's role guard (its +layout.ts) runs first
  const [companies, projects] = await signedInData(
    url,
    Promise.all([listWorkCompanies(fetch), listProjects({ pageSize: 100 }, fetch)]),
  );
  return {
    companies,
    // Projects with tracked hours, for a draft made from them (?project= picks one).
    projects: projects.items.filter((p) => p.hoursSpent > 0),
    company: url.searchParams.get('company') ?? '',
    project: url.searchParams.get('project') ?? '',
  };
}
