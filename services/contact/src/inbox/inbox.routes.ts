import { defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { signedIn } from '../policy.ts';
import { listMessages } from './inbox.repo.ts';
import { inboxMessage, inboxPage, inboxQuery, replyInput, updateMessageInput } from './inbox.schema.ts';
import { changeMessage, type InboxDeps, openMessage, replyToMessage } from './inbox.service.ts';

const staffOnly = { 401: 'Not signed in', 403: 'Staff only' } as const;
/** `{id}` of a message: a malformed one is a 400 naming it, before any lookup. */
const messageIdParams = z.object({ id: z.uuid('Message must be an id') });

export function registerInboxRoutes(app: FunctionApp, deps: InboxDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/messages',
    summary:
      'The staff inbox (staff, admin): contact messages newest first. Query: view (inbox, handled, spam, all), q (text anywhere in name, e-mail, company or message), page, pageSize',
    tags: ['inbox'],
    authenticate: signedIn('inbox.list'),
    query: inboxQuery,
    responses: { 200: { description: 'A page of messages', schema: inboxPage }, 400: 'Invalid query', ...staffOnly },
    handle: async ({ c, query }) => {
      const page = await listMessages(deps.db, query);
      return c.json({ ...page, page: query.page, pageSize: query.pageSize });
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/messages/{id}',
    summary: 'One contact message with its replies (staff, admin); opening it marks it read',
    tags: ['inbox'],
    authenticate: signedIn('inbox.read'),
    params: messageIdParams,
    responses: {
      200: { description: 'The message', schema: inboxMessage },
      400: 'Malformed id',
      ...staffOnly,
      404: 'No such message',
    },
    handle: async ({ c, params }) => c.json(await openMessage(deps, params.id)),
  });

  defineRoute(app, {
    method: 'patch',
    path: '/messages/{id}',
    summary:
      'Mark a message handled, spam or new, read or unread, or record the client company or project made from it (staff, admin)',
    tags: ['inbox'],
    authenticate: signedIn('inbox.update'),
    params: messageIdParams,
    body: updateMessageInput,
    responses: {
      200: { description: 'The message', schema: inboxMessage },
      400: 'Invalid fields (an unknown company or project is named), or a malformed id',
      ...staffOnly,
      404: 'No such message',
    },
    handle: async ({ c, actor, params, body }) => c.json(await changeMessage(deps, actor, params.id, body)),
  });

  defineRoute(app, {
    method: 'post',
    path: '/messages/{id}/replies',
    summary: 'Reply to the sender by e-mail (staff, admin); a new message counts as handled',
    tags: ['inbox'],
    authenticate: signedIn('inbox.reply'),
    params: messageIdParams,
    body: replyInput,
    responses: {
      201: { description: 'Reply stored and its e-mail queued', schema: z.object({ id: z.string() }) },
      400: 'Invalid fields, or a malformed id',
      ...staffOnly,
      404: 'No such message',
    },
    handle: async ({ c, actor, params, body }) => c.json(await replyToMessage(deps, actor, params.id, body.body), 201),
  });
}
