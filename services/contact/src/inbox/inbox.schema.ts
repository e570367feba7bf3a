import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';

/** Which messages a list shows: the inbox (not yet handled), handled ones, spam, or everything. */
export const INBOX_VIEWS = ['inbox', 'handled', 'spam', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const REPLY_MAX = 10_000;

export const inboxQuery = z.object({
  ...pageQuery,
  view: z.enum(INBOX_VIEWS, { error: 'View must be inbox, handled, spam or all' }).default('inbox'),
  q: z.string().trim().max(200, 'Search text must be at most 200 characters').optional(),
});

const status = z.enum(['new', 'handled', 'spam']);

export const inboxItem = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    company: z.string().nullable(),
    excerpt: z.string(),
    status,
    read: z.boolean(),
    replies: z.number(),
    createdAt: z.string(),
  })
  .openapi('InboxItem');

export const inboxPage = z
  .object({
    items: z.array(inboxItem),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
    /** Unread messages not handled or spam, whatever the view: the number beside "Inbox". */
    unread: z.number(),
  })
  .openapi('InboxPage');

export const inboxMessage = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    company: z.string().nullable(),
    message: z.string(),
    status,
    readAt: z.string().nullable(),
    statusChangedAt: z.string().nullable(),
    statusChangedBy: z.string().nullable(),
    createdAt: z.string(),
    clientCompany: z.object({ id: z.string(), name: z.string() }).nullable(),
    project: z.object({ id: z.string(), name: z.string() }).nullable(),
    replies: z.array(
      z.object({ id: z.string(), body: z.string(), author: z.string().nullable(), createdAt: z.string() }),
    ),
  })
  .openapi('InboxMessage');

export const updateMessageInput = z
  .object({
    status: status.optional(),
    /** False marks the message unread again. */
    read: z.boolean().optional(),
    /** The client company made from this message. */
    companyId: z.uuid('Company must be a company id').optional(),
    /** The project made from this message. */
    projectId: z.uuid('Project must be a project id').optional(),
  })
  .openapi('UpdateContactMessageInput');

export const replyInput = z
  .object({
    body: z
      .string({ error: 'Reply is required' })
      .trim()
      .min(1, 'Reply is required')
      .max(REPLY_MAX, `Reply must be at most ${REPLY_MAX} characters`),
  })
  .openapi('ContactReplyInput');

export type UpdateMessageInput = z.infer<typeof updateMessageInput>;
