import { requireAuth, type SessionUser } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { projectRefFor, taskFor } from '../access.ts';
import type { WorkDeps } from '../context.ts';
import { authorize, presentTask, scopeFor } from '../policy.ts';
import { tasksQuery, toTaskView } from './tasks.repo.ts';
import { createTaskInput, myTasksQuery, taskListQuery, taskSchema, updateTaskInput } from './tasks.schema.ts';
import { createTask, updateTask } from './tasks.service.ts';

const page = z.object({ items: z.array(taskSchema), page: z.number(), pageSize: z.number(), total: z.number() });

export function registerTaskRoutes(app: FunctionApp, deps: WorkDeps): void {
  /**
   * One listing for a project's board (in the order tasks were added) and for "my tasks" (`byUrgency`:
   * what needs doing first): filter, count, page.
   */
  async function listTasks(
    actor: SessionUser,
    scopeQuery: ReturnType<typeof tasksQuery>,
    q: { page: number; pageSize: number; status?: string },
    byUrgency = false,
  ) {
    const query = q.status ? scopeQuery.where('t.status', '=', q.status as never) : scopeQuery;
    const ordered = byUrgency
      ? query
          .orderBy(sql`t.status = 'done'`)
          .orderBy(sql`t.due_on asc nulls last`)
          .orderBy(sql`array_position(array['urgent', 'high', 'normal', 'low'], t.priority)`)
      : query;
    const [rows, count] = await Promise.all([
      ordered
        .orderBy('t.created_at')
        .orderBy('t.id')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => presentTask(actor, toTaskView(r))),
      page: q.page,
      pageSize: q.pageSize,
      total: Number(count.n),
    };
  }

  defineRoute(
    app,
    {
      method: 'get',
      path: '/projects/{id}/tasks',
      summary: "A project's tasks (clients: the client-visible ones); filter by status and assignee",
      tags: ['tasks'],
      authenticate: (c) => requireAuth(c),
      query: taskListQuery,
      responses: {
        200: { description: 'A page of tasks', schema: page },
        400: 'Invalid filter',
        401: 'Not signed in',
        404: 'No such project (or not yours)',
      },
    },
    async (c, _b, actor, q) => {
      const project = await projectRefFor(deps, actor, c.req.param('id'), 'task.list');
      let query = tasksQuery(deps.db, scopeFor(actor)).where('t.project_id', '=', project.id);
      if (q.assignee) query = query.where('t.assignee_id', '=', q.assignee === 'me' ? actor.userId : q.assignee);
      return c.json(await listTasks(actor, query, q));
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/projects/{id}/tasks',
      summary: 'Add a task to a project (staff); assigning mails the assignee',
      tags: ['tasks'],
      authenticate: (c) => requireAuth(c),
      body: createTaskInput,
      responses: {
        201: { description: 'Created', schema: taskSchema },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'No such project (or not yours)',
      },
    },
    async (c, body, actor) => {
      const project = await projectRefFor(deps, actor, c.req.param('id'), 'task.create');
      return c.json(presentTask(actor, await createTask(deps, actor, project.id, body)), 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/tasks',
      summary:
        'My tasks: the tasks assigned to the caller, across projects (staff): open ones first, soonest due first (undated last), then the most urgent',
      tags: ['tasks'],
      authenticate: (c) => requireAuth(c),
      query: myTasksQuery,
      responses: {
        200: { description: 'A page of tasks', schema: page },
        400: 'Invalid filter',
        401: 'Not signed in',
        403: 'Staff only',
      },
    },
    async (c, _b, actor, q) => {
      authorize(actor, 'task.mine');
      const mine = tasksQuery(deps.db, scopeFor(actor)).where('t.assignee_id', '=', actor.userId);
      return c.json(await listTasks(actor, mine, q, true));
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/tasks/{id}',
      summary: 'A task (clients: only client-visible tasks of their company)',
      tags: ['tasks'],
      authenticate: (c) => requireAuth(c),
      responses: {
        200: { description: 'The task', schema: taskSchema },
        401: 'Not signed in',
        404: 'No such task (or not yours)',
      },
    },
    async (c, _b, actor) => c.json(presentTask(actor, await taskFor(deps, actor, c.req.param('id'), 'task.read'))),
  );

  defineRoute(
    app,
    {
      method: 'patch',
      path: '/tasks/{id}',
      summary: 'Change a task: status (by the workflow), assignee, fields (staff); send the version you read',
      tags: ['tasks'],
      authenticate: (c) => requireAuth(c),
      body: updateTaskInput,
      responses: {
        200: { description: 'Updated', schema: taskSchema },
        400: 'Invalid fields',
        401: 'Not signed in',
        403: 'Staff only',
        404: 'No such task (or not yours)',
        409: 'Stale version (details.current) or a move the workflow forbids (details.allowed)',
      },
    },
    async (c, body, actor) => {
      const task = await taskFor(deps, actor, c.req.param('id'), 'task.update');
      return c.json(presentTask(actor, await updateTask(deps, actor, task.id, body)));
    },
  );
}
