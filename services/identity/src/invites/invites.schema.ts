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

export const inviteListItem = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(['client', 'staff']),
    companyId: z.string().nullable(),
    companyName: z.string().nullable(),
    invitedBy: z.string().nullable(),
    invitedByRole: z.enum(['client', 'staff', 'admin']).nullable(),
    createdAt: z.string(),
    state: z.enum(['pending', 'accepted', 'expired']),
  })
  .openapi('InviteListItem');

export const inviteList = z
  .object({
    invites: z.array(inviteListItem),
    /** For a client: whether they may invite colleagues into their company now. */
    canInvite: z.boolean(),
  })
  .openapi('InviteList');

export const inviteListQuery = z.object({ companyId: z.uuid('Company must be a company id').optional() });

export const clientInvitesInput = z
  .object({ clientInvites: z.boolean({ error: 'clientInvites must be true or false' }) })
  .openapi('ClientInvitesInput');
