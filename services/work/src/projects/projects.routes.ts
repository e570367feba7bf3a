import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { projectFor, projectRefFor } from '../access.ts';
import { activityPage, listActivity } from '../activity/activity.repo.ts';
import { activityPageQuery, activityPageSchema } from '../activity/activity.schema.ts';
import type { WorkDeps } from '../context.ts';
import { authorize, can, presentProject, scopeFor } from '../policy.ts';
import { projectsQuery, toProjectView } from './projects.repo.ts';
import { createProjectInput, projectListQuery, projectSchema, updateProjectInput } from './projects.schema.ts';
import { createProject, updateProject } from './projects.service.ts';

const page = (item: z.ZodType) =>
  z.object({ items: z.array(item), page: z.number(), pageSize: z.number(), total: z.number() });

export function registerProjectRoutes(app: FunctionApp, deps: WorkDeps): void {
  defineRoute(
    app,
    {
      method: 'get',
      path: '/projects',
      summary: "Projects the caller can see (clients: their company's), newest first; filter by status and company",
      tags: ['projects'],
      authenticate: (c) => requireAuth(c),
      query: projectListQuery,
      responses: {
        200: { description: 'A page of projects', schema: page(projectSchema) },
        400: 'Invalid filter',
        401: 'Not signed in',
      },
    },
    async (c, _b, actor, q) => {
      authorize(actor, 'project.list');
      const query = projectsQuery(deps.db, scopeFor(actor), { status: q.status, companyId: q.company });
      const [rows, count] = await Promise.all([
        query
          .orderBy('p.created_at', 'desc')
          .orderBy('p.id')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return c.json({
        items: rows.map((r) => presentProject(actor, toProjectView(r))),
        page: q.page,
        pageSize: q.pageSize,
        total: Number(count.n),
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/projects',
      summary: 'Create a project for a client company (staff)',
      tags: ['projects'],
      authenticate: (c) => requireAuth(c),
      body: createProjectInput,
      responses: {
        201: { description: 'Created', schema: projectSchema },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Staff only',
      },
    },
    async (c, body, actor) => {
      authorize(actor, 'project.create');
      return c.json(presentProject(actor, await createProject(deps, actor, body)), 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/projects/{id}',
      summary: 'A project; staff also get its activity log',
      tags: ['projects'],
      authenticate: (c) => requireAuth(c),
      responses: {
        200: { description: 'The project', schema: projectSchema },
        401: 'Not signed in',
        404: 'No such project (or not yours)',
      },
    },
    async (c, _b, actor) => {
      const project = await projectFor(deps, actor, c.req.param('id'), 'project.read');
      const activity = can(actor, 'project.activity') ? await listActivity(deps.db, project.id) : undefined;
      return c.json({ ...presentProject(actor, project), ...(activity ? { activity } : {}) });
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/projects/{id}/activity',
      summary: "A page of a project's activity log, newest first (staff); `before` is the previous page's `next`",
      tags: ['projects'],
      authenticate: (c) => requireAuth(c),
      query: activityPageQuery,
      responses: {
        200: { description: 'A page of activity', schema: activityPageSchema },
        400: 'Invalid limit or cursor',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'No such project (or not yours)',
      },
    },
    async (c, _b, actor, q) => {
      const project = await projectRefFor(deps, actor, c.req.param('id'), 'project.read');
      authorize(actor, 'project.activity');
      return c.json(await activityPage(deps.db, project.id, q.limit, q.before));
    },
  );

  defineRoute(
    app,
    {
      method: 'patch',
      path: '/projects/{id}',
      summary: 'Change a project (staff); send the version you read',
      tags: ['projects'],
      authenticate: (c) => requireAuth(c),
      body: updateProjectInput,
      responses: {
        200: { description: 'Updated', schema: projectSchema },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'No such project (or not yours)',
        409: 'Stale version',
      },
    },
    async (c, body, actor) => {
      const project = await projectRefFor(deps, actor, c.req.param('id'), 'project.update');
      return c.json(presentProject(actor, await updateProject(deps, actor, project.id, body)));
    },
  );
}
