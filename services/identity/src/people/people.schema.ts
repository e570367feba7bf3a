import { pageQuery } from '@coppertone/http';
import { z } from '@hono/zod-openapi';

/** `GET /staff`: a page of the staff directory, optionally narrowed to names or e-mails containing `q`. */
export const staffQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(200, 'Search text must be at most 200 characters').optional(),
});

/** What a colleague may know of another: enough to pick them, nothing more. */
export const staffMemberSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string() })
  .strict()
  .openapi('StaffMember');

export const staffPageSchema = z
  .object({
    items: z.array(staffMemberSchema),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
  })
  .openapi('StaffPage');

export const roleInput = z
  .object({ role: z.enum(['client', 'staff', 'admin'], { error: 'Role must be client, staff or admin' }) })
  .openapi('ChangeRoleInput');

/** `{id}` of a user: a malformed one is a 400 naming it, before any lookup. */
export const userIdParams = z.object({ id: z.uuid('User must be an id') });

export const companiesSchema = z.object({
  companies: z.array(z.object({ id: z.string(), name: z.string(), clientInvites: z.boolean() })),
});
