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
