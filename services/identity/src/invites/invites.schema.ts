import { z } from '@hono/zod-openapi';
import { emailField } from '../accounts/accounts.schema.ts';

export const createInviteInput = z
  .object({
    email: emailField,
    role: z.enum(['client', 'staff'], { error: 'Role must be client or staff' }),
    companyId: z.uuid('Company must be a company id').optional(),
  })
  .openapi('CreateInviteInput');

export const inviteView = z
  .object({ email: z.string(), role: z.enum(['client', 'staff']), companyName: z.string().nullable() })
  .openapi('Invite');
