import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { userResponse } from '../accounts/accounts.schema.ts';
import type { IdentityDeps } from '../context.ts';
import { signedIn } from '../policy.ts';
import { linkInput, waitingList } from './links.schema.ts';
import { linkToCompany, listWaiting } from './links.service.ts';

export function registerLinkRoutes(app: FunctionApp, deps: IdentityDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/waiting',
    summary: 'People waiting for access (staff, admin): registered and confirmed client accounts in no company',
    tags: ['people'],
    authenticate: signedIn('people.waiting'),
    responses: {
      200: { description: 'Waiting people', schema: waitingList },
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c }) => c.json({ people: await listWaiting(deps) }),
  });

  defineRoute(app, {
    method: 'post',
    path: '/users/{id}/company',
    summary:
      'Link a waiting client account to a company (staff, admin): the person is e-mailed and their open sessions see the company at once',
    tags: ['people'],
    authenticate: signedIn('people.link'),
    params: z.object({ id: z.uuid('Person must be an id') }),
    body: linkInput,
    responses: {
      200: { description: 'Linked', schema: userResponse },
      400: 'Invalid fields (an unknown company is named), or a malformed id',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such person',
      409: 'Already linked, not a client account, or not confirmed',
    },
    handle: async ({ c, actor, params, body }) =>
      c.json({ user: await linkToCompany(deps, actor, params.id, body.companyId) }),
  });
}
