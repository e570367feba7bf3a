/** The identity function (`/api/identity`): accounts, sessions, passwords, invitations, roles. */
import { apiClient, data, type Fetch, via } from './client.ts';
import type { components, paths } from './generated/identity.ts';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type Role = User['role'];
export type Invite = Schemas['Invite'];
/** An invitation as listed, with who sent it. */
export type SentInvite = Schemas['InviteListItem'];
/** A member of staff (or an admin) as the staff directory shows them. */
export type StaffMember = Schemas['StaffMember'];
/** Someone who registered and confirmed their address but belongs to no company yet. */
export type WaitingPerson = Schemas['WaitingPerson'];
/** A client company; `clientInvites`: whether its client contacts may invite colleagues (staff see it; admins change it). */
export type Company = Answer<'/companies'>['companies'][number];

type Answer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer J } } } };
}
  ? J
  : never;

const api = apiClient<paths>('/api/identity');

/** Without an invitation the answer is always "check your e-mail"; with one, the new user is signed in. */
export const register = (input: Schemas['RegisterInput']): Promise<{ user: User } | { status: string }> =>
  data(api.POST('/register', { body: input, ...via() }));

export const confirmEmail = async (token: string): Promise<User> =>
  (await data(api.POST('/confirm', { body: { token }, ...via() }))).user;

export const resendConfirmation = async (email: string): Promise<void> => {
  await data(api.POST('/confirm/resend', { body: { email }, ...via() }));
};

export const login = async (email: string, password: string): Promise<User> =>
  (await data(api.POST('/login', { body: { email, password }, ...via() }))).user;

export const logout = async (): Promise<void> => {
  await data(api.POST('/logout', via()));
};

export const logoutEverywhere = async (): Promise<number> => (await data(api.POST('/logout-all', via()))).revoked;

export const forgotPassword = async (email: string): Promise<void> => {
  await data(api.POST('/password/forgot', { body: { email }, ...via() }));
};

export const resetPassword = async (token: string, password: string): Promise<void> => {
  await data(api.POST('/password/reset', { body: { token, password }, ...via() }));
};

export const changePassword = async (currentPassword: string, newPassword: string): Promise<void> => {
  await data(api.POST('/password/change', { body: { currentPassword, newPassword }, ...via() }));
};

/** The signed-in user; throws an ApiError with status 401 when signed out. */
export const me = async (fetch?: Fetch): Promise<User> => (await data(api.GET('/me', via(fetch)))).user;

export const updateMe = async (input: Schemas['UpdateMeInput']): Promise<User> =>
  (await data(api.PATCH('/me', { body: input, ...via() }))).user;

export const describeInvite = (token: string, fetch?: Fetch): Promise<Invite> =>
  data(api.GET('/invites/{token}', { params: { path: { token } }, ...via(fetch) }));

/** Staff name the company; a client invites into their own and names none. */
export const createInvite = (input: Schemas['CreateInviteInput']): Promise<{ id: string }> =>
  data(api.POST('/invites', { body: input, ...via() }));

/** Invitations, newest first: a client's own company's (and whether they may invite), or staff's view of all. */
export const listInvites = (fetch?: Fetch): Promise<Schemas['InviteList']> => data(api.GET('/invites', via(fetch)));

/** Lets a company's client contacts invite colleagues, or not (admin). */
export const setClientInvites = (companyId: string, clientInvites: boolean): Promise<unknown> =>
  data(
    api.PUT('/companies/{id}/client-invites', {
      params: { path: { id: companyId } },
      body: { clientInvites },
      ...via(),
    }),
  );

export const listCompanies = async (fetch?: Fetch): Promise<Company[]> =>
  (await data(api.GET('/companies', via(fetch)))).companies;

export const listUsers = async (fetch?: Fetch): Promise<User[]> => (await data(api.GET('/users', via(fetch)))).users;

export const changeRole = async (id: string, role: Role): Promise<User> =>
  (await data(api.PATCH('/users/{id}', { params: { path: { id } }, body: { role }, ...via() }))).user;

/** The whole staff directory, in name order, page by page of 100; `q` narrows it to names or e-mails containing it. */
export async function listStaff(filter: { q?: string } = {}, fetch?: Fetch): Promise<StaffMember[]> {
  const people: StaffMember[] = [];
  for (let page = 1; page <= 50; page++) {
    const query = { page, pageSize: 100, ...(filter.q ? { q: filter.q } : {}) };
    const reply = await data(api.GET('/staff', { params: { query }, ...via(fetch) }));
    people.push(...reply.items);
    if (people.length >= reply.total || reply.items.length === 0) break;
  }
  return people;
}

/** People waiting for access (staff, admin), oldest first. */
export const listWaiting = async (fetch?: Fetch): Promise<WaitingPerson[]> =>
  (await data(api.GET('/waiting', via(fetch)))).people;

/** Links a waiting account to a company: they are e-mailed and their portal shows the company at once. */
export const linkToCompany = async (userId: string, companyId: string): Promise<User> =>
  (await data(api.POST('/users/{id}/company', { params: { path: { id: userId } }, body: { companyId }, ...via() })))
    .user;

/** An e-mail notification the signed-in person may turn off, and whether it is on. */
export type NotificationChoice = Schemas['NotificationChoices']['items'][number];

export const getNotifications = async (fetch?: Fetch): Promise<NotificationChoice[]> =>
  (await data(api.GET('/me/notifications', via(fetch)))).items;

/** Turns the named kinds on (true) or off (false); answers every choice as it now is. */
export const setNotifications = async (on: Record<string, boolean>): Promise<NotificationChoice[]> =>
  (await data(api.PATCH('/me/notifications', { body: { on }, ...via() }))).items;
