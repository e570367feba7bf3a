import { describe, expect, it } from 'vitest';
import { dateOnlyProblem, localToday } from './dates.ts';

describe('dateOnlyProblem', () => {
  it('takes real dates in the plausible years', () => {
    for (const ok of ['2026-12-31', '2028-02-29', '2000-01-01', '2100-12-31'])
      expect(dateOnlyProblem(ok, 'Due date')).toBeUndefined();
  });
  it('refuses impossible dates by name, without throwing', () => {
    expect(dateOnlyProblem('2027-13-01', 'Due date')).toBe('Due date is not a real date (2027-13-01)');
    expect(dateOnlyProblem('2027-02-29', 'Due date')).toMatch(/not a real date/);
    expect(dateOnlyProblem('2027-02-30', 'Due date')).toMatch(/not a real date/);
    expect(dateOnlyProblem('2100-02-29', 'Due date')).toMatch(/not a real date/);
    expect(dateOnlyProblem('2027-00-10', 'Due date')).toMatch(/not a real date/);
    expect(dateOnlyProblem('2027-01-00', 'Due date')).toMatch(/not a real date/);
    expect(dateOnlyProblem('0000-00-00', 'Due date')).toMatch(/not a real date/);
    expect(dateOnlyProblem('31/12/2026', 'Due date')).toBe('Due date must be a date like 2026-12-31');
    expect(dateOnlyProblem('2026-12-31T00:00', 'Due date')).toMatch(/like 2026-12-31/);
  });
  it('refuses absurd years', () => {
    expect(dateOnlyProblem('0000-01-01', 'Start date')).toBe('Start date must be in the years 2000 to 2100');
    expect(dateOnlyProblem('0001-01-01', 'Due date')).toMatch(/2000 to 2100/);
    expect(dateOnlyProblem('1999-12-31', 'Due date')).toMatch(/2000 to 2100/);
    expect(dateOnlyProblem('9999-12-31', 'Due date')).toMatch(/2000 to 2100/);
  });
  it('gives the local date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
