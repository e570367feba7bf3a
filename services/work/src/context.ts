import type { Database, EventBus } from '@coppertone/db';
import type { Jobs } from '@coppertone/jobs';
import type { Kysely } from 'kysely';
import type { WorkEvent } from './events/events.types.ts';

export interface WorkDeps {
  db: Kysely<Database>;
  jobs: Pick<Jobs, 'send'>;
  bus: EventBus<WorkEvent>;
  publicUrl: string;
}
