import { authenticateFor, definePolicy, STAFF } from '@coppertone/auth';

/**
 * Who may do what in contact: one table, read by every inbox route. The contact form itself is not
 * here: anyone may send a message, signed in or not (it is limited per address instead).
 */
export const contactPolicy = definePolicy({
  'inbox.list': STAFF,
  'inbox.read': STAFF,
  'inbox.update': STAFF,
  'inbox.reply': STAFF,
});

export type ContactAction = keyof typeof contactPolicy.table;

/** A route's `authenticate` for an action: 401 without a session, then 403 unless the table allows it. */
export const signedIn = (action: ContactAction) => authenticateFor(contactPolicy, action);
