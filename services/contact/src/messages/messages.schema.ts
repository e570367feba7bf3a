import { CONTACT_HONEYPOT, CONTACT_LIMITS } from '@coppertone/contracts';
import { z } from '@hono/zod-openapi';

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

/** A contact form submission, as JSON or as a plain form post. */
export const contactMessageInput = z
  .object({
    name: text('Name', CONTACT_LIMITS.name),
    email: z
      .string({ error: 'E-mail is required' })
      .trim()
      .max(CONTACT_LIMITS.email, `E-mail must be at most ${CONTACT_LIMITS.email} characters`)
      .pipe(z.email('E-mail must be a valid address')),
    company: z
      .string()
      .trim()
      .max(CONTACT_LIMITS.company, `Company must be at most ${CONTACT_LIMITS.company} characters`)
      .optional()
      .transform((v) => (v ? v : undefined)),
    message: text('Message', CONTACT_LIMITS.message),
    [CONTACT_HONEYPOT]: z.string().max(500).optional(),
  })
  .openapi('ContactMessageInput', {
    example: { name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Ltd', message: 'Hello!' },
  });

export type ContactMessageInput = z.infer<typeof contactMessageInput>;

export const contactMessageAccepted = z.object({ status: z.literal('received') }).openapi('ContactMessageAccepted');
