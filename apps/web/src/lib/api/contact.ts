/** The contact function's staff inbox (`/api/contact/messages`). */
import { apiClient, data, type Fetch, filled, via } from './client.ts';
import type { components, paths } from './generated/contact.ts';

type Schemas = components['schemas'];

export type InboxPage = Schemas['InboxPage'];
export type InboxItem = Schemas['InboxItem'];
export type InboxMessage = Schemas['InboxMessage'];
export type MessageStatus = InboxItem['status'];
export type InboxView = NonNullable<InboxFilter['view']>;
export type InboxFilter = NonNullable<paths['/messages']['get']['parameters']['query']>;

const api = apiClient<paths>('/api/contact');

export const listMessages = (filter: InboxFilter, fetch?: Fetch): Promise<InboxPage> =>
  data(api.GET('/messages', { params: { query: filled(filter) }, ...via(fetch) }));

/** Opening a message marks it read. */
export const getMessage = (id: string, fetch?: Fetch): Promise<InboxMessage> =>
  data(api.GET('/messages/{id}', { params: { path: { id } }, ...via(fetch) }));

export const updateMessage = (id: string, change: Schemas['UpdateContactMessageInput']): Promise<InboxMessage> =>
  data(api.PATCH('/messages/{id}', { params: { path: { id } }, body: change, ...via() }));

export const replyToMessage = async (id: string, body: string): Promise<{ id: string }> =>
  data(api.POST('/messages/{id}/replies', { params: { path: { id } }, body: { body }, ...via() }));
