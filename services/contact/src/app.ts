import type { Database } from '@coppertone/db';
import { createFunctionApp, type FunctionApp } from '@coppertone/http';
import type { Logger, Metrics } from '@coppertone/observability';
import type { Kysely } from 'kysely';
import { registerMessageRoutes } from './messages/messages.routes.ts';

export interface ContactDeps {
  db: Kysely<Database>;
  log: Logger;
  metrics: Metrics;
  ready: () => Promise<boolean>;
  trustProxy: boolean;
  publicUrl: string;
}

/** The contact function: the public contact form endpoint (the staff inbox comes with accounts). */
export function createContactApp(deps: ContactDeps): FunctionApp {
  const app = createFunctionApp({
    name: 'contact',
    log: deps.log,
    metrics: deps.metrics,
    ready: deps.ready,
    publicUrl: deps.publicUrl,
  });
  registerMessageRoutes(app, deps);
  return app;
}
