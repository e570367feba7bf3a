import { CONTACT_HONEYPOT, CONTACT_LIMITS } from '@coppertone/contracts';
import { z } from '@hono/zod-openapi';

// PostgreSQL cannot store NUL, and no other control character belongs in a name or an address.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\t\n\r]/u;

const line = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), `${label} must not contain control characters`);

const text = (label: string, max: number) => line(label, max).refine((v) => v.length > 0, `${label} is required`);

/** A contact form submission, as JSON or as a plain form post. */
export const contactMessageInput = z
  .object({
    name: text('Name', CONTACT_LIMITS.name),
    email: z
      .string({ error: 'E-mail is required' })
      .trim()
      .max(CONTACT_LIMITS.email, `E-mail must be at most ${CONTACT_LIMITS.email} characters`)
      .pipe(z.email('E-mail must be a valid address')),
    company: line('Company', CONTACT_LIMITS.company)
      .optional()
      .transform((v) => (v ? v : undefined)),
    message: z
      .string({ error: 'Message is required' })
      .trim()
      .min(1, 'Message is required')
      .max(CONTACT_LIMITS.message, `Message must be at most ${CONTACT_LIMITS.message} characters`)
      .refine(
        (v) => !CONTROL_BUT_LINES.test(v),
        'Message must not contain control characters other than line breaks and tabs',
      ),
    [CONTACT_HONEYPOT]: z.string().max(500).optional(),
  })
  .openapi('ContactMessageInput', {
    example: { name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Ltd', message: 'Hello!' },
  });

export type ContactMessageInput = z.infer<typeof contactMessageInput>;

export const contactMessageAccepted = z.object({ status: z.literal('received') }).openapi('ContactMessageAccepted');
