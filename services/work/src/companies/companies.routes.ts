import { requireAuth } from '@coppertone/auth';
import { defineRoute, type FunctionApp } from '@coppertone/http';
import type { WorkDeps } from '../context.ts';
import { authorize } from '../policy.ts';
import {
  companyDetailSchema,
  companyListSchema,
  companyParams,
  companySchema,
  createCompanyInput,
} from './companies.schema.ts';
import { companyList, companyWithContacts, createCompany } from './companies.service.ts';

export function registerCompanyRoutes(app: FunctionApp, deps: WorkDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/companies',
    summary: 'Client companies with their number of projects and contacts (staff)',
    tags: ['companies'],
    authenticate: (c) => requireAuth(c),
    responses: {
      200: { description: 'Companies', schema: companyListSchema },
      401: 'Not signed in',
      403: 'Staff only',
    },
    handle: async ({ c, actor }) => {
      authorize(actor, 'company.list');
      return c.json(await companyList(deps));
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/companies',
    summary: 'Create a client company (staff)',
    tags: ['companies'],
    authenticate: (c) => requireAuth(c),
    body: createCompanyInput,
    responses: {
      201: { description: 'Created', schema: companySchema },
      400: 'Invalid fields',
      401: 'Not signed in',
      403: 'Staff only',
      409: 'Name taken',
    },
    handle: async ({ c, actor, body }) => {
      authorize(actor, 'company.create');
      return c.json(await createCompany(deps, body), 201);
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/companies/{id}',
    summary: 'A client company and its contacts (staff)',
    tags: ['companies'],
    authenticate: (c) => requireAuth(c),
    params: companyParams,
    responses: {
      200: { description: 'The company', schema: companyDetailSchema },
      400: 'Not an id',
      401: 'Not signed in',
      403: 'Staff only',
      404: 'No such company',
    },
    handle: async ({ c, actor, params }) => {
      authorize(actor, 'company.read');
      return c.json(await companyWithContacts(deps, params.id));
    },
  });
}
