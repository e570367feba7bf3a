export { createWorkApp, WORK_CHANGES_CHANNEL, type WorkAppDeps } from './app.ts';
export type { WorkDeps } from './context.ts';
export { type DemoProjects, seedDemoProjects } from './demo.ts';
export { WORK_EVENTS_CHANNEL, type WorkEvent } from './events/events.types.ts';
export { buildWork, type WorkOptions, workFunction } from './function.ts';
export { TASK_ASSIGNED_JOB, taskAssignedJob } from './tasks/tasks.jobs.ts';
