import { AppError } from '@coppertone/http';
import type { z } from '@hono/zod-openapi';
import type { WorkDeps } from '../context.ts';
import { companyNameTaken, findCompany, insertCompany, listCompanies, listContacts } from './companies.repo.ts';
import type { CompanyView, createCompanyInput } from './companies.schema.ts';

/** More than any agency has; the list is not paged. */
const COMPANY_LIST_LIMIT = 1000;

export const companyList = async (deps: Pick<WorkDeps, 'db'>) => ({
  items: await listCompanies(deps.db, COMPANY_LIST_LIMIT),
});

export async function createCompany(
  deps: Pick<WorkDeps, 'db'>,
  input: z.infer<typeof createCompanyInput>,
): Promise<CompanyView> {
  if (await companyNameTaken(deps.db, input.name))
    throw new AppError('conflict', 'A company with this name exists.', { fields: { name: 'Already exists' } });
  return { ...(await insertCompany(deps.db, input.name)), projects: 0, contacts: 0 };
}

/** A company with its contacts (the people of its client accounts). */
export async function companyWithContacts(deps: Pick<WorkDeps, 'db'>, id: string) {
  const company = await findCompany(deps.db, id);
  if (!company) throw new AppError('not_found', 'No such company.');
  return { ...company, contactList: await listContacts(deps.db, company.id) };
}
