import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { listMessages } from './inbox.repo.ts';
import { inboxMessage, inboxPage, inboxQuery, replyInput, updateMessageInput } from './inbox.schema.ts';
import { changeMessage, type InboxDeps, openMessage, replyToMessage } from './inbox.service.ts';

/** Who may read and answer contact messages: staff and admins (INBOX_ROLES), never clients. */
export const INBOX_ROLES = ['staff', 'admin'] as const;
const staffOnly = { 401: 'Not signed in', 403: 'Staff only' } as const;

export function registerInboxRoutes(app: FunctionApp, deps: InboxDeps): void {
  defineRoute(
    app,
    {
      method: 'get',
      path: '/messages',
      summary:
        'The staff inbox (staff, admin): contact messages newest first. Query: view (inbox, handled, spam, all), q (text anywhere in name, e-mail, company or message), page, pageSize',
      tags: ['inbox'],
      authenticate: (c) => requireAuth(c, ...INBOX_ROLES),
      query: inboxQuery,
      responses: { 200: { description: 'A page of messages', schema: inboxPage }, 400: 'Invalid query', ...staffOnly },
    },
    async (c, _b, _actor, q) => {
      const page = await listMessages(deps.db, q);
      return c.json({ ...page, page: q.page, pageSize: q.pageSize });
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/messages/{id}',
      summary: 'One contact message with its replies (staff, admin); opening it marks it read',
      tags: ['inbox'],
      authenticate: (c) => requireAuth(c, ...INBOX_ROLES),
      responses: { 200: { description: 'The message', schema: inboxMessage }, ...staffOnly, 404: 'No such message' },
    },
    async (c) => c.json(await openMessage(deps, c.req.param('id'))),
  );

  defineRoute(
    app,
    {
      method: 'patch',
      path: '/messages/{id}',
      summary:
        'Mark a message handled, spam or new, read or unread, or record the client company or project made from it (staff, admin)',
      tags: ['inbox'],
      authenticate: (c) => requireAuth(c, ...INBOX_ROLES),
      body: updateMessageInput,
      responses: {
        200: { description: 'The message', schema: inboxMessage },
        400: 'Invalid fields (an unknown company or project is named)',
        ...staffOnly,
        404: 'No such message',
      },
    },
    async (c, body, actor) => c.json(await changeMessage(deps, actor, c.req.param('id'), body)),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/messages/{id}/replies',
      summary: 'Reply to the sender by e-mail (staff, admin); a new message counts as handled',
      tags: ['inbox'],
      authenticate: (c) => requireAuth(c, ...INBOX_ROLES),
      body: replyInput,
      responses: {
        201: { description: 'Reply stored and its e-mail queued', schema: z.object({ id: z.string() }) },
        400: 'Invalid fields',
        ...staffOnly,
        404: 'No such message',
      },
    },
    async (c, body, actor) => c.json(await replyToMessage(deps, actor, c.req.param('id'), body.body), 201),
  );
}
