import { authenticateFor, definePolicy, EVERYONE, type SessionUser, STAFF } from '@coppertone/auth';

/**
 * Who may do what in identity: one table, read by every signed-in route. Registering, signing in,
 * confirming and resetting a password are not here: they are for people without a session.
 * Which company a client acts in is decided by the services (a client invites into their own only).
 */
export const identityPolicy = definePolicy({
  'account.read': EVERYONE,
  'account.update': EVERYONE,
  'session.read': EVERYONE,
  'session.end': EVERYONE,
  'password.change': EVERYONE,
  // Admins invite staff and client contacts; staff invite client contacts; a client invites
  // colleagues into their own company, unless an admin turned that off for it.
  'invite.client': EVERYONE,
  'invite.staff': ['admin'],
  'invite.list': EVERYONE,
  'company.clientInvites': ['admin'],
  'company.list': STAFF,
  'people.list': ['admin'],
  'people.setRole': ['admin'],
  'people.staff': STAFF,
  'people.waiting': STAFF,
  'people.link': STAFF,
});

export type IdentityAction = keyof typeof identityPolicy.table;

/** A route's `authenticate` for an action: 401 without a session, then 403 unless the table allows it. */
export const signedIn = (action: IdentityAction) => authenticateFor(identityPolicy, action);

/** Whether the actor may invite someone of this role (the table's invite.* rows). */
export const mayInvite = (actor: SessionUser, role: 'client' | 'staff'): boolean =>
  identityPolicy.can(actor, role === 'staff' ? 'invite.staff' : 'invite.client');
