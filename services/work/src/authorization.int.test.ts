import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from './testing.ts';

// Every work endpoint × every kind of caller, with the exact status expected in each cell.
// Resources belong to company A unless named otherwise; bodies are valid, so only access decides.

type Who = 'anonymous' | 'clientA' | 'clientB' | 'staff' | 'admin';
const WHO: Who[] = ['anonymous', 'clientA', 'clientB', 'staff', 'admin'];

let h: WorkHarness;
const r = { project: '', visibleTask: '', hiddenTask: '' };
let seq = 0;

beforeAll(async () => {
  h = await setupWork();
  const staff = await h.as('staff');
  r.project = (await staff.post('/projects', { companyId: h.companyA, name: 'Matrix' })).body.id;
  r.visibleTask = (
    await staff.post(`/projects/${r.project}/tasks`, { title: 'Visible', visibleToClient: true })
  ).body.id;
  r.hiddenTask = (await staff.post(`/projects/${r.project}/tasks`, { title: 'Hidden' })).body.id;
});
afterAll(() => h.close());

type Client = Awaited<ReturnType<WorkHarness['as']>>;
const version = async (taskId: string) => (await (await h.as('staff')).get(`/tasks/${taskId}`)).body.version;
const all = (status: number) => ({ anonymous: 401, clientA: status, clientB: status, staff: status, admin: status });

const cases: Array<{ name: string; call: (c: Client) => Promise<{ status: number }>; expect: Record<Who, number> }> = [
  {
    name: 'GET /companies',
    call: (c) => c.get('/companies'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'POST /companies',
    call: (c) => c.post('/companies', { name: `Co ${++seq}` }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 201, admin: 201 },
  },
  {
    name: 'GET /companies/{id}',
    call: (c) => c.get(`/companies/${h.companyA}`),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  { name: 'GET /projects', call: (c) => c.get('/projects'), expect: all(200) },
  {
    name: 'POST /projects',
    call: (c) => c.post('/projects', { companyId: h.companyA, name: `P ${++seq}` }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 201, admin: 201 },
  },
  {
    name: 'GET /projects/{id}',
    call: (c) => c.get(`/projects/${r.project}`),
    expect: { anonymous: 401, clientA: 200, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'PATCH /projects/{id}',
    call: async (c) =>
      c.patch(`/projects/${r.project}`, {
        version: (await (await h.as('staff')).get(`/projects/${r.project}`)).body.version,
        description: `d${++seq}`,
      }),
    expect: { anonymous: 401, clientA: 403, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'GET /projects/{id}/tasks',
    call: (c) => c.get(`/projects/${r.project}/tasks`),
    expect: { anonymous: 401, clientA: 200, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'POST /projects/{id}/tasks',
    call: (c) => c.post(`/projects/${r.project}/tasks`, { title: `T ${++seq}` }),
    expect: { anonymous: 401, clientA: 403, clientB: 404, staff: 201, admin: 201 },
  },
  {
    name: 'GET /tasks (mine)',
    call: (c) => c.get('/tasks'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /tasks/{id} (client-visible)',
    call: (c) => c.get(`/tasks/${r.visibleTask}`),
    expect: { anonymous: 401, clientA: 200, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'GET /tasks/{id} (internal)',
    call: (c) => c.get(`/tasks/${r.hiddenTask}`),
    expect: { anonymous: 401, clientA: 404, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'PATCH /tasks/{id} (client-visible)',
    call: async (c) =>
      c.patch(`/tasks/${r.visibleTask}`, { version: await version(r.visibleTask), description: `d${++seq}` }),
    expect: { anonymous: 401, clientA: 403, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'PATCH /tasks/{id} (internal)',
    call: async (c) =>
      c.patch(`/tasks/${r.hiddenTask}`, { version: await version(r.hiddenTask), description: `d${++seq}` }),
    expect: { anonymous: 401, clientA: 404, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'GET /tasks/{id}/comments (client-visible)',
    call: (c) => c.get(`/tasks/${r.visibleTask}/comments`),
    expect: { anonymous: 401, clientA: 200, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'GET /tasks/{id}/comments (internal)',
    call: (c) => c.get(`/tasks/${r.hiddenTask}/comments`),
    expect: { anonymous: 401, clientA: 404, clientB: 404, staff: 200, admin: 200 },
  },
  {
    name: 'POST /tasks/{id}/comments',
    call: (c) => c.post(`/tasks/${r.visibleTask}/comments`, { body: 'Hello' }),
    expect: { anonymous: 401, clientA: 403, clientB: 404, staff: 201, admin: 201 },
  },
  {
    name: 'GET /events',
    call: async (c) => {
      const stream = await c.events('/events');
      stream.close();
      return stream;
    },
    expect: all(200),
  },
];

describe('authorization matrix: work endpoints × callers', () => {
  for (const cell of cases) {
    it(cell.name, async () => {
      const got: Record<string, number> = {};
      for (const who of WHO) got[who] = (await cell.call(await h.as(who))).status;
      expect(got).toEqual(cell.expect);
    });
  }

  it('never reveals another company through counts, filters or error messages', async () => {
    const b = await h.as('clientB');
    const list = await b.get(`/projects?company=${h.companyA}`);
    expect(list.body).toMatchObject({ items: [], total: 0 });
    const missing = await b.get(`/projects/${r.project}`);
    const ghost = await b.get('/projects/00000000-0000-4000-8000-000000000000');
    expect(missing.body.error.message).toBe(ghost.body.error.message);
  });
});
