import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { userView } from '../accounts/accounts.repo.ts';
import { userResponse, userSchema } from '../accounts/accounts.schema.ts';
import type { IdentityDeps } from '../context.ts';
import { signedIn } from '../policy.ts';
import { listCompanies, listStaff, listUsers } from './people.repo.ts';
import { companiesSchema, roleInput, staffPageSchema, staffQuery, userIdParams } from './people.schema.ts';
import { changeRole } from './people.service.ts';

export function registerPeopleRoutes(app: FunctionApp, deps: IdentityDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/users',
    summary: 'Everyone with an account (admin)',
    tags: ['people'],
    authenticate: signedIn('people.list'),
    responses: {
      200: { description: 'Users', schema: z.object({ users: z.array(userSchema) }) },
      401: 'Not signed in',
      403: 'Admins only',
    },
    handle: async ({ c }) => c.json({ users: await listUsers(deps.db) }),
  });

  defineRoute(app, {
    method: 'get',
    path: '/staff',
    summary:
      'The staff directory (staff, admin): staff and admins by name, for choosing an assignee. Query: q (part of a name or e-mail), page, pageSize (at most 100)',
    tags: ['people'],
    authenticate: signedIn('people.staff'),
    query: staffQuery,
    responses: {
      200: { description: 'A page of staff members', schema: staffPageSchema },
      400: 'Invalid query',
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c, query }) => {
      const { items, total } = await listStaff(deps.db, query);
      return c.json({ items, page: query.page, pageSize: query.pageSize, total });
    },
  });

  defineRoute(app, {
    method: 'patch',
    path: '/users/{id}',
    summary: "Change someone's role (admin); their sessions end so the new role applies at once",
    tags: ['people'],
    authenticate: signedIn('people.setRole'),
    params: userIdParams,
    body: roleInput,
    responses: {
      200: { description: 'Updated', schema: userResponse },
      400: 'Invalid fields, or a malformed id',
      401: 'Not signed in',
      403: 'Admins only',
      404: 'No such user',
      409: 'Would leave no admin',
    },
    handle: async ({ c, params, body }) => {
      await changeRole(deps, params.id, body.role);
      return c.json({ user: await userView(deps.db, params.id) });
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/companies',
    summary:
      'Client companies, for choosing where to invite a contact, and whether their clients may invite colleagues (staff, admin)',
    tags: ['people'],
    authenticate: signedIn('company.list'),
    responses: {
      200: { description: 'Companies', schema: companiesSchema },
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c }) => c.json({ companies: await listCompanies(deps.db) }),
  });
}
