/** The identity function (`/api/identity`): accounts, sessions, passwords, invitations, roles. */
import { type Fetch, request } from './client.ts';

const BASE = '/api/identity';

export type Role = 'client' | 'staff' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  companyName: string | null;
}

export interface Invite {
  email: string;
  role: 'client' | 'staff';
  companyName: string | null;
}

export interface Company {
  id: string;
  name: string;
  /** Whether its client contacts may invite colleagues (staff see it; admins change it). */
  clientInvites?: boolean;
}

interface UserReply {
  user: User;
}

const post = <T>(path: string, body?: unknown) => request<T>('POST', `${BASE}${path}`, { body });

/** Without an invitation the answer is always "check your e-mail"; with one, the new user is signed in. */
export async function register(input: {
  name: string;
  email: string;
  password: string;
  inviteToken?: string;
}): Promise<{ user: User } | { status: 'check_email' }> {
  return post('/register', input);
}

export const confirmEmail = async (token: string): Promise<User> => (await post<UserReply>('/confirm', { token })).user;

export const resendConfirmation = async (email: string): Promise<void> => {
  await post('/confirm/resend', { email });
};

export const login = async (email: string, password: string): Promise<User> =>
  (await post<UserReply>('/login', { email, password })).user;

export const logout = async (): Promise<void> => {
  await post('/logout');
};

export const logoutEverywhere = async (): Promise<number> => (await post<{ revoked: number }>('/logout-all')).revoked;

export const forgotPassword = async (email: string): Promise<void> => {
  await post('/password/forgot', { email });
};

export const resetPassword = async (token: string, password: string): Promise<void> => {
  await post('/password/reset', { token, password });
};

export const changePassword = async (currentPassword: string, newPassword: string): Promise<void> => {
  await post('/password/change', { currentPassword, newPassword });
};

/** The signed-in user; throws an ApiError with status 401 when signed out. */
export const me = async (fetch?: Fetch): Promise<User> =>
  (await request<UserReply>('GET', `${BASE}/me`, { fetch })).user;

export const updateMe = async (input: { name: string }): Promise<User> =>
  (await request<UserReply>('PATCH', `${BASE}/me`, { body: input })).user;

export const describeInvite = (token: string, fetch?: Fetch): Promise<Invite> =>
  request<Invite>('GET', `${BASE}/invites/${encodeURIComponent(token)}`, { fetch });

/** Staff name the company; a client invites into their own and names none. */
export const createInvite = (input: {
  email: string;
  role: 'client' | 'staff';
  companyId?: string;
}): Promise<{ id: string }> => post('/invites', input);

/** An invitation as listed, with who sent it. */
export interface SentInvite {
  id: string;
  email: string;
  role: 'client' | 'staff';
  companyId: string | null;
  companyName: string | null;
  invitedBy: string | null;
  invitedByRole: Role | null;
  createdAt: string;
  state: 'pending' | 'accepted' | 'expired';
}

/** Invitations, newest first: a client's own company's (and whether they may invite), or staff's view of all. */
export const listInvites = (fetch?: Fetch): Promise<{ invites: SentInvite[]; canInvite: boolean }> =>
  request('GET', `${BASE}/invites`, { fetch });

/** Lets a company's client contacts invite colleagues, or not (admin). */
export const setClientInvites = (companyId: string, clientInvites: boolean): Promise<unknown> =>
  request('PUT', `${BASE}/companies/${encodeURIComponent(companyId)}/client-invites`, { body: { clientInvites } });

export const listCompanies = async (fetch?: Fetch): Promise<Company[]> =>
  (await request<{ companies: Company[] }>('GET', `${BASE}/companies`, { fetch })).companies;

export const listUsers = async (fetch?: Fetch): Promise<User[]> =>
  (await request<{ users: User[] }>('GET', `${BASE}/users`, { fetch })).users;

export const changeRole = async (id: string, role: Role): Promise<User> =>
  (await request<UserReply>('PATCH', `${BASE}/users/${encodeURIComponent(id)}`, { body: { role } })).user;

/** A member of staff (or an admin) as the staff directory shows them. */
export interface StaffMember {
  id: string;
  name: string;
  email: string;
}

/** The whole staff directory, in name order, page by page of 100; `q` narrows it to names or e-mails containing it. */
export async function listStaff(filter: { q?: string } = {}, fetch?: Fetch): Promise<StaffMember[]> {
  const people: StaffMember[] = [];
  for (let page = 1; page <= 50; page++) {
    const search = new URLSearchParams({ page: String(page), pageSize: '100' });
    if (filter.q) search.set('q', filter.q);
    const reply = await request<{ items: StaffMember[]; total: number }>('GET', `${BASE}/staff?${search}`, { fetch });
    people.push(...reply.items);
    if (people.length >= reply.total || reply.items.length === 0) break;
  }
  return people;
}

/** Someone who registered and confirmed their address but belongs to no company yet. */
export interface WaitingPerson {
  id: string;
  name: string;
  email: string;
  registeredAt: string;
}

/** People waiting for access (staff, admin), oldest first. */
export const listWaiting = async (fetch?: Fetch): Promise<WaitingPerson[]> =>
  (await request<{ people: WaitingPerson[] }>('GET', `${BASE}/waiting`, { fetch })).people;

/** Links a waiting account to a company: they are e-mailed and their portal shows the company at once. */
export const linkToCompany = async (userId: string, companyId: string): Promise<User> =>
  (await post<UserReply>(`/users/${encodeURIComponent(userId)}/company`, { companyId })).user;
