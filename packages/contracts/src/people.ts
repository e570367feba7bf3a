/** Limits of a person's fields wherever they are typed (an account, an invitation, the contact form). */
export const EMAIL_MAX = 254;
export const NAME_MAX = 100;
