import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupWork, type WorkHarness } from './testing.ts';

let h: WorkHarness;
let projectId: string;
beforeAll(async () => {
  h = await setupWork();
  const res = await (await h.as('staff')).post('/projects', { companyId: h.companyA, name: 'Dates' });
  projectId = res.body.id;
});
afterAll(() => h.close());

// Regression: year 0000 reached PostgreSQL (no year 0) and 2027-13-01 made the validator throw: 500s.
// Every date-only field now answers 400 naming itself; years outside 2000–2100 are refused too.
describe('date-only fields of projects and tasks', () => {
  const bad: Array<[string, string]> = [
    ['0000-01-01', 'must be in the years 2000 to 2100'],
    ['0001-01-01', 'must be in the years 2000 to 2100'],
    ['2027-13-01', 'is not a real date'],
    ['2027-02-30', 'is not a real date'],
    ['31/12/2026', 'must be a date like 2026-12-31'],
  ];

  it('refuses impossible dates and absurd years on a new project, naming the field', async () => {
    const staff = await h.as('staff');
    for (const [value, message] of bad) {
      for (const field of ['startsOn', 'dueOn']) {
        const res = await staff.post('/projects', { companyId: h.companyA, name: 'P', [field]: value });
        expect(res.status, `${field} ${value}`).toBe(400);
        expect(res.body.error.fields[field], `${field} ${value}`).toContain(message);
      }
    }
  });

  it('refuses them when a project or a task changes, and on a new task', async () => {
    const staff = await h.as('staff');
    const project = (await staff.get(`/projects/${projectId}`)).body;
    for (const [value, message] of bad) {
      const patch = await staff.patch(`/projects/${projectId}`, { version: project.version, dueOn: value });
      expect(patch.status, value).toBe(400);
      expect(patch.body.error.fields.dueOn).toContain(message);
      const task = await staff.post(`/projects/${projectId}/tasks`, { title: 'T', dueOn: value });
      expect(task.status, value).toBe(400);
      expect(task.body.error.fields.dueOn).toContain(message);
    }
    const task = await staff.post(`/projects/${projectId}/tasks`, { title: 'T', dueOn: '2028-02-29' });
    expect(task.status).toBe(201);
    const later = await staff.patch(`/tasks/${task.body.id}`, { version: task.body.version, dueOn: '2101-01-01' });
    expect(later.status).toBe(400);
    expect(later.body.error.fields.dueOn).toContain('2000 to 2100');
  });
});
