import { z } from '@hono/zod-openapi';

/** Someone who registered and confirmed their address but belongs to no company yet. */
export const waitingPerson = z
  .object({ id: z.string(), name: z.string(), email: z.string(), registeredAt: z.string() })
  .openapi('WaitingPerson');

export const waitingList = z.object({ people: z.array(waitingPerson) }).openapi('WaitingList');

export const linkInput = z.object({ companyId: z.uuid('Company must be a company id') }).openapi('LinkCompanyInput');
