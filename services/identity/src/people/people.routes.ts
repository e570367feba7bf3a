import { requireAuth, revokeUserSessions } from '@coppertone/auth';
import { AppError, defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { userView } from '../accounts/accounts.repo.ts';
import { userResponse, userSchema } from '../accounts/accounts.schema.ts';
import type { IdentityDeps } from '../context.ts';
import { staffPageSchema, staffQuery } from './people.schema.ts';

const roleInput = z
  .object({ role: z.enum(['client', 'staff', 'admin'], { error: 'Role must be client, staff or admin' }) })
  .openapi('ChangeRoleInput');

export function registerPeopleRoutes(app: FunctionApp, deps: IdentityDeps): void {
  defineRoute(
    app,
    {
      method: 'get',
      path: '/users',
      summary: 'Everyone with an account (admin)',
      tags: ['people'],
      authenticate: (c) => requireAuth(c, 'admin'),
      responses: {
        200: { description: 'Users', schema: z.object({ users: z.array(userSchema) }) },
        401: 'Not signed in',
        403: 'Admins only',
      },
    },
    async (c) => {
      const users = await deps.db
        .selectFrom('users as u')
        .leftJoin('companies as c', 'c.id', 'u.company_id')
        .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.company_id as companyId', 'c.name as companyName'])
        .orderBy('u.created_at')
        .limit(1000)
        .execute();
      return c.json({ users });
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/staff',
      summary:
        'The staff directory (staff, admin): staff and admins by name, for choosing an assignee. Query: q (part of a name or e-mail), page, pageSize (at most 100)',
      tags: ['people'],
      authenticate: (c) => requireAuth(c, 'staff', 'admin'),
      query: staffQuery,
      responses: {
        200: { description: 'A page of staff members', schema: staffPageSchema },
        400: 'Invalid query',
        401: 'Not signed in',
        403: 'Staff only',
      },
    },
    async (c, _b, _auth, q) => {
      const pattern = q.q ? `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : undefined;
      let query = deps.db.selectFrom('users').where('role', 'in', ['staff', 'admin']);
      if (pattern) query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
      const [items, count] = await Promise.all([
        query
          .select(['id', 'name', 'email'])
          .orderBy('name')
          .orderBy('id')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return c.json({ items, page: q.page, pageSize: q.pageSize, total: Number(count.n) });
    },
  );

  defineRoute(
    app,
    {
      method: 'patch',
      path: '/users/{id}',
      summary: "Change someone's role (admin); their sessions end so the new role applies at once",
      tags: ['people'],
      authenticate: (c) => requireAuth(c, 'admin'),
      body: roleInput,
      responses: {
        200: { description: 'Updated', schema: userResponse },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Admins only',
        404: 'No such user',
        409: 'Would leave no admin',
      },
    },
    async (c, body) => {
      const id = c.req.param('id') ?? '';
      await deps.db.transaction().execute(async (trx) => {
        const target = z.uuid().safeParse(id).success
          ? await trx.selectFrom('users').select(['id', 'role']).where('id', '=', id).forUpdate().executeTakeFirst()
          : undefined;
        if (!target) throw new AppError('not_found', 'No such user.');
        if (target.role === body.role) return;
        if (target.role === 'admin') {
          const admins = await trx
            .selectFrom('users')
            .select((e) => e.fn.countAll<string>().as('n'))
            .where('role', '=', 'admin')
            .executeTakeFirstOrThrow();
          if (Number(admins.n) <= 1)
            throw new AppError('conflict', 'This is the last admin; make someone else admin first.');
        }
        // Staff and admins belong to no client company; a client keeps theirs.
        await trx
          .updateTable('users')
          .set({ role: body.role, updated_at: new Date(), ...(body.role === 'client' ? {} : { company_id: null }) })
          .where('id', '=', id)
          .execute();
        await revokeUserSessions(trx, id);
      });
      return c.json({ user: await userView(deps.db, id) });
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/companies',
      summary:
        'Client companies, for choosing where to invite a contact, and whether their clients may invite colleagues (staff, admin)',
      tags: ['people'],
      authenticate: (c) => requireAuth(c, 'staff', 'admin'),
      responses: {
        200: {
          description: 'Companies',
          schema: z.object({
            companies: z.array(z.object({ id: z.string(), name: z.string(), clientInvites: z.boolean() })),
          }),
        },
        401: 'Not signed in',
        403: 'Staff only',
      },
    },
    async (c) => {
      const companies = await deps.db
        .selectFrom('companies')
        .select(['id', 'name', 'client_invites as clientInvites'])
        .orderBy('name')
        .limit(1000)
        .execute();
      return c.json({ companies });
    },
  );
}
