import { EMAIL_MAX, NAME_MAX } from './people.ts';

/** Limits of the contact form, enforced by the browser (HTML attributes) and by the contact function (zod). */
export const CONTACT_LIMITS = {
  name: NAME_MAX,
  email: EMAIL_MAX,
  company: 100,
  message: 5000,
} as const;

/** The hidden field that only bots fill in; a submission with it set is accepted and dropped. */
export const CONTACT_HONEYPOT = 'website';

/** Where a plain (no-JavaScript) form post is redirected after success. */
export const CONTACT_THANKS_PATH = '/contact/thanks';

/** The endpoint the form posts to, as JSON (fetch) or as application/x-www-form-urlencoded (no JS). */
export const CONTACT_ENDPOINT = '/api/contact/messages';

export type ContactField = keyof typeof CONTACT_LIMITS;
