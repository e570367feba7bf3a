/** The contact function's staff inbox (`/api/contact/messages`). */
import { type Fetch, request } from './client.ts';

const BASE = '/api/contact';

export type InboxView = 'inbox' | 'handled' | 'spam' | 'all';
export type MessageStatus = 'new' | 'handled' | 'spam';

export interface InboxItem {
  id: string;
  name: string;
  email: string;
  company: string | null;
  excerpt: string;
  status: MessageStatus;
  read: boolean;
  replies: number;
  createdAt: string;
}

export interface InboxPage {
  items: InboxItem[];
  page: number;
  pageSize: number;
  total: number;
  unread: number;
}

export interface InboxMessage {
  id: string;
  name: string;
  email: string;
  company: string | null;
  message: string;
  status: MessageStatus;
  readAt: string | null;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  createdAt: string;
  clientCompany: { id: string; name: string } | null;
  project: { id: string; name: string } | null;
  replies: Array<{ id: string; body: string; author: string | null; createdAt: string }>;
}

export function listMessages(
  filter: { view?: InboxView; q?: string; page?: number; pageSize?: number },
  fetch?: Fetch,
): Promise<InboxPage> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') search.set(k, String(v));
  return request('GET', `${BASE}/messages?${search}`, { fetch });
}

/** Opening a message marks it read. */
export const getMessage = (id: string, fetch?: Fetch): Promise<InboxMessage> =>
  request('GET', `${BASE}/messages/${encodeURIComponent(id)}`, { fetch });

export const updateMessage = (
  id: string,
  change: { status?: MessageStatus; read?: boolean; companyId?: string; projectId?: string },
): Promise<InboxMessage> => request('PATCH', `${BASE}/messages/${encodeURIComponent(id)}`, { body: change });

export const replyToMessage = (id: string, body: string): Promise<{ id: string }> =>
  request('POST', `${BASE}/messages/${encodeURIComponent(id)}/replies`, { body: { body } });
