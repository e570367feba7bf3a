import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import type { IdentityDeps } from '../context.ts';
import { createInviteInput, inviteView } from './invites.schema.ts';
import { createInvite, describeInvite } from './invites.service.ts';

export function registerInviteRoutes(app: FunctionApp, deps: IdentityDeps): void {
  defineRoute(
    app,
    {
      method: 'post',
      path: '/invites',
      summary: 'Invite a staff member (admin) or a client contact into a company (staff, admin)',
      tags: ['invites'],
      authenticate: (c) => requireAuth(c, 'staff', 'admin'),
      body: createInviteInput,
      responses: {
        201: { description: 'Invitation sent', schema: z.object({ id: z.string() }) },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Role may not invite this role',
        404: 'No such company',
      },
    },
    async (c, body, actor) => {
      return c.json(await createInvite(deps, actor, body), 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/invites/{token}',
      summary: 'What an invitation link is for (the register page shows it)',
      tags: ['invites'],
      responses: { 200: { description: 'The invitation', schema: inviteView }, 404: 'Invalid, used or expired' },
    },
    async (c) => c.json(await describeInvite(deps.db, c.req.param('token') ?? '')),
  );
}
