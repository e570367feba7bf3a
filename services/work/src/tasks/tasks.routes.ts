import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { projectRefFor, taskFor } from '../access.ts';
import type { WorkDeps } from '../context.ts';
import { authorize, presentTask } from '../policy.ts';
import {
  createTaskInput,
  myTasksQuery,
  projectTasksParams,
  taskListQuery,
  taskPageSchema,
  taskParams,
  taskSchema,
  updateTaskInput,
} from './tasks.schema.ts';
import { createTask, listMyTasks, listProjectTasks, updateTask } from './tasks.service.ts';

export function registerTaskRoutes(app: FunctionApp, deps: WorkDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/projects/{id}/tasks',
    summary: "A project's tasks (clients: the client-visible ones); filter by status and assignee",
    tags: ['tasks'],
    authenticate: (c) => requireAuth(c),
    params: projectTasksParams,
    query: taskListQuery,
    cache: 'per-viewer',
    responses: {
      200: { description: 'A page of tasks', schema: taskPageSchema },
      400: 'Invalid id or filter',
      401: 'Not signed in',
      404: 'No such project (or not yours)',
    },
    handle: async ({ c, actor, params, query }) => {
      const project = await projectRefFor(deps, actor, params.id, 'task.list');
      const page = await listProjectTasks(deps, actor, project.id, query);
      return c.json({ ...page, items: page.items.map((t) => presentTask(actor, t)) });
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/projects/{id}/tasks',
    summary: 'Add a task to a project (staff); assigning mails the assignee',
    tags: ['tasks'],
    authenticate: (c) => requireAuth(c),
    params: projectTasksParams,
    body: createTaskInput,
    responses: {
      201: { description: 'Created', schema: taskSchema },
      400: 'Invalid fields',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such project (or not yours)',
    },
    handle: async ({ c, actor, params, body }) => {
      const project = await projectRefFor(deps, actor, params.id, 'task.create');
      return c.json(presentTask(actor, await createTask(deps, actor, project.id, body)), 201);
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/tasks',
    summary:
      'My tasks: the tasks assigned to the caller, across projects (staff): open ones first, soonest due first (undated last), then the most urgent',
    tags: ['tasks'],
    authenticate: (c) => requireAuth(c),
    query: myTasksQuery,
    cache: 'per-viewer',
    responses: {
      200: { description: 'A page of tasks', schema: taskPageSchema },
      400: 'Invalid filter',
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c, actor, query }) => {
      authorize(actor, 'task.mine');
      const page = await listMyTasks(deps, actor, query);
      return c.json({ ...page, items: page.items.map((t) => presentTask(actor, t)) });
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/tasks/{id}',
    summary: 'A task (clients: only client-visible tasks of their company)',
    tags: ['tasks'],
    authenticate: (c) => requireAuth(c),
    params: taskParams,
    responses: {
      200: { description: 'The task', schema: taskSchema },
      400: 'Not an id',
      401: 'Not signed in',
      404: 'No such task (or not yours)',
    },
    handle: async ({ c, actor, params }) =>
      c.json(presentTask(actor, await taskFor(deps, actor, params.id, 'task.read'))),
  });

  defineRoute(app, {
    method: 'patch',
    path: '/tasks/{id}',
    summary: 'Change a task: status (by the workflow), assignee, fields (staff); send the version you read',
    tags: ['tasks'],
    authenticate: (c) => requireAuth(c),
    params: taskParams,
    body: updateTaskInput,
    responses: {
      200: { description: 'Updated', schema: taskSchema },
      400: 'Invalid fields',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such task (or not yours)',
      409: 'Stale version (details.current) or a move the workflow forbids (details.allowed)',
    },
    // The service checks visibility (404) and the role (403) on the row it locks to change.
    handle: async ({ c, actor, params, body }) =>
      c.json(presentTask(actor, await updateTask(deps, actor, params.id, body))),
  });
}
