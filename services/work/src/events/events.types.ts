import type { TaskView } from '../tasks/tasks.repo.ts';

/** What the work function tells open boards and project pages when something changes. */
export type WorkEvent =
  | {
      type: 'task.changed';
      companyId: string;
      projectId: string;
      /** Visibility to clients before and after the change: a client stream drops a task that became hidden. */
      wasVisible: boolean;
      task: TaskView;
    }
  | { type: 'project.changed'; companyId: string; projectId: string };

export const WORK_EVENTS_CHANNEL = 'work_events';
