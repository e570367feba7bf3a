import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import type { IdentityDeps } from '../context.ts';
import { signedIn } from '../policy.ts';
import { clientInvitesInput, createInviteInput, inviteList, inviteListQuery, inviteView } from './invites.schema.ts';
import {
  clientInvitesAllowed,
  createInvite,
  describeInvite,
  listInvites,
  setClientInvites,
} from './invites.service.ts';

export function registerInviteRoutes(app: FunctionApp, deps: IdentityDeps): void {
  defineRoute(app, {
    method: 'post',
    path: '/invites',
    summary:
      'Invite a staff member (admin), a client contact into a company (staff, admin), or a colleague into your own company (client, unless turned off for it)',
    tags: ['invites'],
    authenticate: signedIn('invite.client'),
    body: createInviteInput,
    responses: {
      201: { description: 'Invitation sent', schema: z.object({ id: z.string() }) },
      400: 'Invalid fields',
      401: 'Not signed in',
      403: 'Role may not invite this role, or inviting is turned off for the client’s company',
      404: 'No such company (for a client: any company but their own)',
    },
    handle: async ({ c, body, actor }) => {
      return c.json(await createInvite(deps, actor, body), 201);
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/invites',
    summary:
      'Invitations with who sent each, newest first: a client sees their own company’s (and whether they may invite), staff any or one company’s. Query: companyId',
    tags: ['invites'],
    authenticate: signedIn('invite.list'),
    query: inviteListQuery,
    responses: {
      200: { description: 'Invitations', schema: inviteList },
      400: 'Invalid query',
      401: 'Not signed in',
    },
    handle: async ({ c, actor, query }) =>
      c.json({
        invites: await listInvites(deps, actor, query.companyId),
        canInvite: actor.role === 'client' ? await clientInvitesAllowed(deps, actor.companyId) : true,
      }),
  });

  defineRoute(app, {
    method: 'put',
    path: '/companies/{id}/client-invites',
    summary: "Let a company's client contacts invite colleagues, or not (admin)",
    tags: ['invites'],
    authenticate: signedIn('company.clientInvites'),
    params: z.object({ id: z.uuid('Company must be an id') }),
    body: clientInvitesInput,
    responses: {
      200: {
        description: 'The setting',
        schema: z.object({ companyId: z.string(), clientInvites: z.boolean() }),
      },
      400: 'Invalid fields, or a malformed id',
      401: 'Not signed in',
      403: 'Admins only',
      404: 'No such company',
    },
    handle: async ({ c, params, body }) => c.json(await setClientInvites(deps, params.id, body.clientInvites)),
  });

  defineRoute(app, {
    method: 'get',
    path: '/invites/{token}',
    summary: 'What an invitation link is for (the register page shows it)',
    tags: ['invites'],
    // Any text: a token that is not one is answered as unknown (404), as a used one is.
    params: z.object({ token: z.string() }),
    responses: { 200: { description: 'The invitation', schema: inviteView }, 404: 'Invalid, used or expired' },
    handle: async ({ c, params }) => c.json(await describeInvite(deps.db, params.token)),
  });
}
