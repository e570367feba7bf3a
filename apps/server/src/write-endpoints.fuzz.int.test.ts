import { randomUUID } from 'node:crypto';
import type { TestClient, TestResponse } from '@coppertone/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type Platform, setupPlatform } from './testing/platform.ts';

/**
 * Every write endpoint of every function, read from its OpenAPI document, gets input people and
 * attackers send: text no database can hold (a NUL character; a lone UTF-16 surrogate, `"\ud800"`
 * in JSON) in each string field, impossible and absurd dates in each date field, numbers too big
 * for any column and too small to mean anything in each number field, and a NUL in the query
 * string and the path. Each must be a 400 naming the field, never a 500. Bodies are otherwise
 * valid and ids name real rows, so without the checks the bad value would reach the database.
 */

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked generically
type Schema = any;
interface Endpoint {
  fn: string;
  method: string;
  path: string;
  body?: Schema;
}

let p: Platform;
const endpoints: Endpoint[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  p = await setupPlatform();
  const admin = await p.as('admin');
  for (const fn of FUNCTIONS) {
    const doc = (await admin.get(`/api/${fn}/openapi.json`)).body;
    const resolve = (s: Schema): Schema => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'get') continue;
        const body = op.requestBody?.content?.['application/json']?.schema;
        endpoints.push({ fn, method: method.toUpperCase(), path, body: body && deepResolve(body, resolve) });
      }
    }
  }
  // Real rows for the ids in paths and bodies.
  const staff = await p.as('staff');
  const project = await staff.post('/api/work/projects', { companyId: p.companyA, name: 'Fuzz project' });
  ids.project = project.body.id;
  const task = await staff.post(`/api/work/projects/${ids.project}/tasks`, { title: 'Fuzz task' });
  ids.task = task.body.id;
  // Tracked hours, so a valid body for an invoice from the project's hours is one the API takes.
  const hours = await staff.patch(`/api/work/tasks/${ids.task}`, { version: task.body.version, hoursSpent: 1.5 });
  expect(hours.status, 'fixture task hours').toBe(200);
  const invoice = await staff.post('/api/billing/invoices', {
    companyId: p.companyA,
    currency: 'USD',
    dueOn: '2099-01-31',
    lines: [{ description: 'Work', quantity: 1, unitPrice: 1000 }],
  });
  ids.invoice = invoice.body.id;
  expect([ids.project, ids.task, ids.invoice].every(Boolean), 'fixtures created').toBe(true);
}, 120_000);
afterAll(() => p?.close());

function deepResolve(s: Schema, resolve: (s: Schema) => Schema, depth = 0): Schema {
  const r = resolve(s);
  if (depth > 6 || !r || typeof r !== 'object') return r;
  const out: Schema = { ...r };
  if (r.properties)
    out.properties = Object.fromEntries(
      Object.entries(r.properties).map(([k, v]) => [k, deepResolve(v, resolve, depth + 1)]),
    );
  if (r.items) out.items = deepResolve(r.items, resolve, depth + 1);
  return out;
}

const types = (s: Schema): string[] => (Array.isArray(s?.type) ? s.type : [s?.type]);
/** Our date-only fields are named for the day they hold: dueOn, startsOn. */
const isDateField = (name: string) => /On$/.test(name);

/** A plausible value for each field, so that only the field under test is wrong. */
function validValue(name: string, s: Schema): unknown {
  if (s.enum) return s.enum[0];
  const t = types(s);
  if (t.includes('array')) return [validValue(name, s.items)];
  if (t.includes('object')) return validBody(s);
  if (t.includes('boolean')) return false;
  if (t.includes('integer') || t.includes('number')) return name === 'version' ? 1 : 1;
  if (isDateField(name)) return '2099-01-15';
  if (/email/i.test(name)) return `fuzz.${randomUUID().slice(0, 8)}@example.test`;
  if (/password/i.test(name)) return 'amber-lighthouse-fuzz-7';
  if (name === 'companyId') return p.companyA;
  if (name === 'projectId') return ids.project;
  if (name === 'assigneeId') return p.users.staff;
  if (s.format === 'uuid') return randomUUID();
  if (name === 'currency') return 'USD';
  return 'Fuzz text';
}

function validBody(s: Schema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, validValue(k, v)]));
}

/** Each leaf field as a path (`lines.0.description`) with its schema. */
function leaves(s: Schema, prefix = ''): Array<{ path: string; name: string; schema: Schema }> {
  const out: Array<{ path: string; name: string; schema: Schema }> = [];
  for (const [name, v] of Object.entries((s?.properties ?? {}) as Record<string, Schema>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const t = types(v);
    if (t.includes('object') && v.properties) out.push(...leaves(v, path));
    else if (t.includes('array') && v.items?.properties) out.push(...leaves(v.items, `${path}.0`));
    else out.push({ path, name, schema: v });
  }
  return out;
}

function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  // biome-ignore lint/suspicious/noExplicitAny: walking a JSON body
  let at: any = copy;
  for (const key of keys.slice(0, -1)) at = at[key];
  at[keys.at(-1) as string] = value;
  return copy;
}

const concretePath = (e: Endpoint) =>
  `/api/${e.fn}${e.path
    .replace('/projects/{id}', `/projects/${ids.project}`)
    .replace('/tasks/{id}', `/tasks/${ids.task}`)
    .replace('/invoices/{id}', `/invoices/${ids.invoice}`)
    .replace('/users/{id}', `/users/${p.users.client}`)
    // Bodies are checked before the id is looked up: an id that names nothing will do.
    .replace('/messages/{id}', '/messages/00000000-0000-4000-8000-000000000000')
    .replace('/companies/{id}', '/companies/00000000-0000-4000-8000-000000000000')
    .replace('{provider}', 'stripe')}`;

/** The first caller the endpoint lets in (authorization comes before the body is read). */
async function callerFor(e: Endpoint): Promise<TestClient> {
  for (const who of ['admin', 'client', 'anonymous'] as const) {
    const client = await p.as(who);
    const res = await client.request(e.method, `${concretePath(e)}?probe=%00`, e.body ? {} : undefined);
    if (res.status !== 401 && res.status !== 403) return client;
  }
  throw new Error(`nobody may call ${e.method} ${e.path}`);
}

interface Case {
  field: string;
  value: unknown;
  what: string;
}

function casesFor(e: Endpoint): Case[] {
  const cases: Case[] = [];
  for (const { path, name, schema } of leaves(e.body)) {
    const t = types(schema);
    if (t.includes('string')) {
      cases.push({ field: path, value: 'Fuzz\u0000text', what: 'a NUL character' });
      cases.push({ field: path, value: 'Fuzz\ud800text', what: 'a lone surrogate' });
      if (isDateField(name)) {
        cases.push({ field: path, value: '0000-01-01', what: 'year 0000' });
        cases.push({ field: path, value: '2027-13-01', what: 'month 13' });
      }
    }
    if (t.includes('number') || t.includes('integer')) {
      cases.push({ field: path, value: 1e300, what: 'a number too big for any column' });
      cases.push({ field: path, value: -1e300, what: 'a number too small for any column' });
      cases.push({ field: path, value: 2 ** 63, what: '2^63, past a bigint' });
      cases.push({ field: path, value: 1e-10, what: 'a tiny fraction' });
    }
  }
  return cases;
}

/** What a case may answer: 400 naming the field; a tiny fraction may also be a value the field takes. */
function judge(c: Case, res: TestResponse): string | undefined {
  if (res.status >= 500) return `${res.status} ${JSON.stringify(res.body?.error ?? res.body).slice(0, 200)}`;
  if (c.what === 'a tiny fraction' && !/quantity/i.test(c.field) && res.status < 400) return undefined;
  if (res.status !== 400) return `${res.status}, not 400`;
  if (!res.body?.error?.fields?.[c.field])
    return `400 without naming ${c.field}: ${JSON.stringify(res.body?.error?.fields ?? res.body?.error)}`;
  return undefined;
}

describe('every write endpoint refuses what cannot be stored, naming the field', () => {
  it('finds the write endpoints of every function in their OpenAPI documents', () => {
    const names = endpoints.map((e) => `${e.method} /api/${e.fn}${e.path}`);
    for (const expected of [
      'POST /api/identity/register',
      'PATCH /api/identity/me',
      'POST /api/work/projects',
      'PATCH /api/work/tasks/{id}',
      'POST /api/work/tasks/{id}/comments',
      'POST /api/billing/invoices',
      'POST /api/contact/messages',
    ])
      expect(names).toContain(expected);
    expect(endpoints.length).toBeGreaterThanOrEqual(25);
  });

  it('answers each bad field of each body with 400 naming it, never 500', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const e of endpoints.filter((x) => x.body)) {
      const client = await callerFor(e);
      const base = validBody(e.body);
      for (const c of casesFor(e)) {
        const res = await client.request(e.method, concretePath(e), withValue(base, c.field, c.value));
        sent++;
        const problem = judge(c, res);
        if (problem) failures.push(`${e.method} /api/${e.fn}${e.path} ${c.field} (${c.what}): ${problem}`);
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });

  it('refuses a NUL in the query string or the path of every write endpoint with 400', async () => {
    const failures: string[] = [];
    for (const e of endpoints) {
      const client = await callerFor(e);
      const body = e.body ? validBody(e.body) : undefined;
      const query = await client.request(e.method, `${concretePath(e)}?note=a%00b`, body);
      if (query.status !== 400 || !query.body?.error?.fields?.note)
        failures.push(`${e.method} ${e.path} query: ${query.status} ${JSON.stringify(query.body?.error?.fields)}`);
      if (e.path.includes('{')) {
        const nulPath = concretePath(e).replace(/[0-9a-f-]{36}|stripe/, 'x%00y');
        const path = await client.request(e.method, nulPath, body);
        if (path.status !== 400 || !path.body?.error?.fields?.path)
          failures.push(`${e.method} ${e.path} path: ${path.status} ${JSON.stringify(path.body?.error)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses an invoice whose total overflows (200 lines of the largest quantity at the largest price), naming a field', async () => {
    const staff = await p.as('staff');
    const invoices = endpoints.find((e) => e.fn === 'billing' && e.method === 'POST' && e.path === '/invoices');
    const line = invoices?.body.properties.lines.items.properties;
    const biggest = (s: Schema, fallback: number) => (typeof s.maximum === 'number' ? s.maximum : fallback);
    const res = await staff.post('/api/billing/invoices', {
      companyId: p.companyA,
      currency: 'USD',
      dueOn: '2099-01-31',
      lines: Array.from({ length: invoices?.body.properties.lines.maxItems ?? 200 }, () => ({
        description: 'Everything',
        quantity: biggest(line.quantity, 1_000_000), // the largest quantity the form takes
        unitPrice: biggest(line.unitPrice, 999_999_999_999),
      })),
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields ?? {}).length).toBeGreaterThan(0);
  });

  it('registers nobody whose name carries a NUL, anonymously, and hashes no password for it', async () => {
    const anonymous = await p.as('anonymous');
    const email = 'nul.name@example.test';
    const res = await anonymous.post('/api/identity/register', {
      name: 'Ada\u0000Lovelace',
      email,
      password: 'amber-lighthouse-fuzz-8',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['name']);
    const stored = await p.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    expect(stored).toBeUndefined();
  });
});
