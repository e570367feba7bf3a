import { describe, expect, it } from 'vitest';
import type { Project } from '#lib/api/work.ts';
import { budgetProblem, datesProblem, nameProblem, projectPatch, valuesOf } from './project-form.ts';

const project: Project = {
  id: 'p1',
  companyId: 'c1',
  companyName: 'Demo Client Ltd',
  name: 'Website refresh',
  description: 'New pages',
  status: 'active',
  startsOn: '2026-12-01',
  dueOn: null,
  budgetHours: 40,
  hoursSpent: 3,
  progress: { done: 0, total: 1 },
  version: 4,
  can: { edit: true, addTask: true, changeStatus: true, invoiceHours: true },
};

describe('project form checks', () => {
  it('wants a name that is not only spaces', () => {
    expect(nameProblem('  ')).toBe('Please give the project a name.');
    expect(nameProblem('Launch')).toBeUndefined();
  });

  it('takes no budget, or a number of quarter hours up to 100,000', () => {
    expect(budgetProblem('')).toBeUndefined();
    expect(budgetProblem('12.25')).toBeUndefined();
    expect(budgetProblem('0')).toBeUndefined();
    expect(budgetProblem('lots')).toBe('Please enter the budget as a number of hours.');
    expect(budgetProblem('-1')).toBe('Please enter the budget as a number of hours.');
    expect(budgetProblem('12.3')).toBe('Budget hours go in quarter hours (such as 12.25).');
    expect(budgetProblem('100001')).toBe('The budget can be at most 100,000 hours.');
  });

  it('refuses a due date before the start date, and nothing else', () => {
    expect(datesProblem('2026-12-10', '2026-12-01')).toBe('The due date must not be before the start date.');
    expect(datesProblem('2026-12-01', '2026-12-01')).toBeUndefined();
    expect(datesProblem('', '2026-12-01')).toBeUndefined();
    expect(datesProblem('2026-12-01', '')).toBeUndefined();
  });
});

describe('editing a project', () => {
  it('fills the form from the project (no budget and no date as empty fields)', () => {
    expect(valuesOf(project)).toEqual({
      name: 'Website refresh',
      description: 'New pages',
      status: 'active',
      startsOn: '2026-12-01',
      dueOn: '',
      budgetHours: '40',
    });
    expect(valuesOf({ ...project, budgetHours: null }).budgetHours).toBe('');
  });

  it('sends every field with the version the edit started from; empty means none', () => {
    const values = {
      ...valuesOf(project),
      name: '  Website relaunch ',
      budgetHours: '',
      startsOn: '',
      dueOn: '2027-01-31',
    };
    expect(projectPatch(values, 4)).toEqual({
      version: 4,
      name: 'Website relaunch',
      description: 'New pages',
      status: 'active',
      startsOn: null,
      dueOn: '2027-01-31',
      budgetHours: null,
    });
    expect(projectPatch({ ...values, budgetHours: '62.5' }, 5)).toMatchObject({ version: 5, budgetHours: 62.5 });
  });
});
