import type { EventBus } from '@coppertone/db';
import { createEventBus } from '@coppertone/db';
import { createReadCache } from '@coppertone/http';
import { defineFunction, type FunctionDeps } from '@coppertone/runtime';
import { createWorkApp, WORK_CHANGES_CHANNEL } from './app.ts';
import { WORK_EVENTS_CHANNEL, type WorkEvent } from './events/events.types.ts';
import { TASK_ASSIGNED_JOB } from './tasks/tasks.jobs.ts';

export interface WorkOptions {
  /** How often a live stream re-checks its session (tests shorten it). */
  sessionRecheckMs?: number;
}

/**
 * The work function from its process's parts. Its own parts: the event bus of live updates and
 * the read cache of the hot lists, both hearing work's changes from every replica. The bus is
 * answered too, for the demo seed that writes through work's services before anyone signs in.
 */
export async function buildWork(deps: FunctionDeps, options: WorkOptions = {}) {
  const bus: EventBus<WorkEvent> = await createEventBus<WorkEvent>(deps.database, WORK_EVENTS_CHANNEL);
  const reads = await createReadCache(deps.database, WORK_CHANGES_CHANNEL, { metrics: deps.metrics });
  const app = createWorkApp({ ...deps, ...options, db: deps.database.db, bus, reads });
  return {
    app,
    bus,
    reads,
    async close() {
      await reads.close();
      await bus.close();
    },
  };
}

/** How any process starts work: its own container (main.ts), the all-in-one server, the tests. */
export const workFunction = defineFunction({
  name: 'work',
  configFields: {},
  queues: [TASK_ASSIGNED_JOB],
  fromConfig: (): { options: WorkOptions; problems: string[] } => ({ options: {}, problems: [] }),
  build: buildWork,
});
