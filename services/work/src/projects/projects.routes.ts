import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { projectFor, projectRefFor } from '../access.ts';
import type { WorkDeps } from '../context.ts';
import { authorize, presentProject } from '../policy.ts';
import {
  createProjectInput,
  projectDetailSchema,
  projectListQuery,
  projectPageSchema,
  projectParams,
  projectSchema,
  updateProjectInput,
} from './projects.schema.ts';
import { createProject, listProjects, projectPage, updateProject } from './projects.service.ts';

export function registerProjectRoutes(app: FunctionApp, deps: WorkDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/projects',
    summary: "Projects the caller can see (clients: their company's), newest first; filter by status and company",
    tags: ['projects'],
    authenticate: (c) => requireAuth(c),
    query: projectListQuery,
    cache: 'per-viewer',
    responses: {
      200: { description: 'A page of projects', schema: projectPageSchema },
      400: 'Invalid filter',
      401: 'Not signed in',
    },
    handle: async ({ c, actor, query }) => {
      authorize(actor, 'project.list');
      const page = await listProjects(deps, actor, { ...query, companyId: query.company });
      return c.json({ ...page, items: page.items.map((p) => presentProject(actor, p)) });
    },
  });

  defineRoute(app, {
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
    handle: async ({ c, actor, body }) => {
      authorize(actor, 'project.create');
      return c.json(presentProject(actor, await createProject(deps, actor, body)), 201);
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/projects/{id}',
    summary: 'A project; staff also get its activity log',
    tags: ['projects'],
    authenticate: (c) => requireAuth(c),
    params: projectParams,
    cache: 'per-viewer',
    responses: {
      200: { description: 'The project', schema: projectDetailSchema },
      400: 'Not an id',
      401: 'Not signed in',
      404: 'No such project (or not yours)',
    },
    handle: async ({ c, actor, params }) => {
      const project = await projectFor(deps, actor, params.id, 'project.read');
      return c.json(presentProject(actor, await projectPage(deps, actor, project)));
    },
  });

  defineRoute(app, {
    method: 'patch',
    path: '/projects/{id}',
    summary: 'Change a project (staff); send the version you read',
    tags: ['projects'],
    authenticate: (c) => requireAuth(c),
    params: projectParams,
    body: updateProjectInput,
    responses: {
      200: { description: 'Updated', schema: projectSchema },
      400: 'Invalid fields',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such project (or not yours)',
      409: 'Stale version',
    },
    handle: async ({ c, actor, params, body }) => {
      const project = await projectRefFor(deps, actor, params.id, 'project.update');
      return c.json(presentProject(actor, await updateProject(deps, actor, project.id, body)));
    },
  });
}
