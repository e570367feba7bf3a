/** The checks and conversions a project form (create or edit) shares. */
import type { Project, ProjectStatus } from '#lib/api/work.ts';

/** What a project form's fields hold: text as typed, dates as `YYYY-MM-DD` or ''. */
export interface ProjectValues {
  name: string;
  description: string;
  status: ProjectStatus;
  startsOn: string;
  dueOn: string;
  budgetHours: string;
}

export type ProjectField = keyof ProjectValues;

export const nameProblem = (name: string): string | undefined =>
  !name.trim() ? 'Please give the project a name.' : undefined;

/** An empty budget is fine (no budget); otherwise a number of quarter hours, 0 to 100,000. */
export function budgetProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || n < 0) return 'Please enter the budget as a number of hours.';
  if (n > 100_000) return 'The budget can be at most 100,000 hours.';
  if (Math.round(n * 4) !== n * 4) return 'Budget hours go in quarter hours (such as 12.25).';
  return undefined;
}

export const datesProblem = (startsOn: string, dueOn: string): string | undefined =>
  startsOn && dueOn && dueOn < startsOn ? 'The due date must not be before the start date.' : undefined;

/** A form's values for an existing project. */
export const valuesOf = (project: Project): ProjectValues => ({
  name: project.name,
  description: project.description,
  status: project.status,
  startsOn: project.startsOn ?? '',
  dueOn: project.dueOn ?? '',
  budgetHours: project.budgetHours === null ? '' : String(project.budgetHours),
});

/** What the API takes for a project's own fields: text trimmed, an empty date or budget as none. */
export function projectFields(values: ProjectValues) {
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    status: values.status,
    startsOn: values.startsOn || null,
    dueOn: values.dueOn || null,
    budgetHours: values.budgetHours.trim() ? Number(values.budgetHours) : null,
  };
}

/** The body of a project update: the version the edit started from, and every field as it should be. */
export const projectPatch = (values: ProjectValues, version: number) => ({ version, ...projectFields(values) });
