import { z } from 'zod';

/** Settings of the contact function, on top of the shared base. */
export const contactConfigFields = {
  CONTACT_NOTIFY_EMAIL: z.email('must be an e-mail address').default('staff@demo.test'),
};
