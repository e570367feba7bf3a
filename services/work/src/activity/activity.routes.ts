import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import type { WorkDeps } from '../context.ts';
import { activityPageQuery, activityPageSchema, activityParams } from './activity.schema.ts';
import { activityPage } from './activity.service.ts';

export function registerActivityRoutes(app: FunctionApp, deps: WorkDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/projects/{id}/activity',
    summary: "A page of a project's activity log, newest first (staff); `before` is the previous page's `next`",
    tags: ['projects'],
    authenticate: (c) => requireAuth(c),
    params: activityParams,
    query: activityPageQuery,
    responses: {
      200: { description: 'A page of activity', schema: activityPageSchema },
      400: 'Invalid id, limit or cursor',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such project (or not yours)',
    },
    handle: async ({ c, actor, params, query }) => c.json(await activityPage(deps, actor, params.id, query)),
  });
}
