import { requireAuth } from '@coppertone/auth';
import { AppError, defineRoute, type FunctionApp, isUuid } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { WorkDeps } from '../context.ts';
import { authorize } from '../policy.ts';
import { text } from '../schema.ts';

const companySchema = z
  .object({ id: z.string(), name: z.string(), projects: z.number(), contacts: z.number() })
  .openapi('Company');
const createCompanyInput = z.object({ name: text('Name', 200) }).openapi('CreateCompanyInput');

export function registerCompanyRoutes(app: FunctionApp, deps: WorkDeps): void {
  const list = () =>
    deps.db
      .selectFrom('companies as c')
      .select((eb) => [
        'c.id',
        'c.name',
        eb
          .selectFrom('projects as p')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('p.company_id', '=', 'c.id')
          .as('projects'),
        eb
          .selectFrom('users as u')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('u.company_id', '=', 'c.id')
          .as('contacts'),
      ])
      .orderBy('c.name');
  const view = (r: { id: string; name: string; projects: string | null; contacts: string | null }) => ({
    ...r,
    projects: Number(r.projects ?? 0),
    contacts: Number(r.contacts ?? 0),
  });

  defineRoute(
    app,
    {
      method: 'get',
      path: '/companies',
      summary: 'Client companies with their number of projects and contacts (staff)',
      tags: ['companies'],
      authenticate: (c) => requireAuth(c),
      responses: {
        200: { description: 'Companies', schema: z.object({ items: z.array(companySchema) }) },
        401: 'Not signed in',
        403: 'Staff only',
      },
    },
    async (c, _b, actor) => {
      authorize(actor, 'company.list');
      return c.json({ items: (await list().limit(1000).execute()).map(view) });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/companies',
      summary: 'Create a client company (staff)',
      tags: ['companies'],
      authenticate: (c) => requireAuth(c),
      body: createCompanyInput,
      responses: {
        201: { description: 'Created', schema: companySchema },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Staff only',
        409: 'Name taken',
      },
    },
    async (c, body, actor) => {
      authorize(actor, 'company.create');
      const taken = await deps.db
        .selectFrom('companies')
        .select('id')
        .where(sql`lower(name)`, '=', body.name.toLowerCase())
        .executeTakeFirst();
      if (taken)
        throw new AppError('conflict', 'A company with this name exists.', { fields: { name: 'Already exists' } });
      const row = await deps.db
        .insertInto('companies')
        .values({ name: body.name })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
      return c.json({ ...row, projects: 0, contacts: 0 }, 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/companies/{id}',
      summary: 'A client company and its contacts (staff)',
      tags: ['companies'],
      authenticate: (c) => requireAuth(c),
      responses: { 200: 'The company', 401: 'Not signed in', 403: 'Staff only', 404: 'No such company' },
    },
    async (c, _b, actor) => {
      authorize(actor, 'company.read');
      const id = c.req.param('id');
      const company = isUuid(id) ? await list().where('c.id', '=', id).executeTakeFirst() : undefined;
      if (!company) throw new AppError('not_found', 'No such company.');
      const contacts = await deps.db
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('company_id', '=', company.id)
        .orderBy('name')
        .execute();
      return c.json({ ...view(company), contactList: contacts });
    },
  );
}
