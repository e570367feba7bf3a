import { z } from '@hono/zod-openapi';
import { idField, text } from '../fields.ts';

export const companyParams = z.object({ id: idField('Company') });

export const createCompanyInput = z.object({ name: text('Name', 200) }).openapi('CreateCompanyInput');

export const companySchema = z
  .object({ id: z.string(), name: z.string(), projects: z.number(), contacts: z.number() })
  .openapi('Company');

export const companyListSchema = z.object({ items: z.array(companySchema) });

export const companyDetailSchema = companySchema
  .extend({ contactList: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })) })
  .openapi('CompanyDetail');

export type CompanyView = z.infer<typeof companySchema>;
