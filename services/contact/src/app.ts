import { type SessionCache, sessionGuard } from '@coppertone/auth';
import type { Database } from '@coppertone/db';
import { createFunctionApp, type FunctionApp } from '@coppertone/http';
import type { Jobs } from '@coppertone/jobs';
import type { Logger, Metrics } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { registerInboxRoutes } from './inbox/inbox.routes.ts';
import { registerMessageRoutes } from './messages/messages.routes.ts';

export interface ContactDeps {
  db: Kysely<Database>;
  /** Replies from the inbox are queued e-mails. */
  jobs: Pick<Jobs, 'send'>;
  /** Live sessions in memory (see SessionCache); without it every request reads the database. */
  sessions?: SessionCache;
  log: Logger;
  metrics: Metrics;
  ready: () => Promise<boolean>;
  trustProxy: boolean;
  publicUrl: string;
}

/** The contact function: the public contact form endpoint and the staff inbox. */
export function createContactApp(deps: ContactDeps): FunctionApp {
  const app = createFunctionApp({
    name: 'contact',
    log: deps.log,
    metrics: deps.metrics,
    ready: deps.ready,
    publicUrl: deps.publicUrl,
  });
  app.use(sessionGuard(deps.db, deps.sessions));
  registerMessageRoutes(app, deps);
  registerInboxRoutes(app, deps);
  return app;
}
