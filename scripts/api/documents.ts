// Each function's OpenAPI document, read from its app built in this process. Nothing is listening
// and nothing is connected: the routes only need their dependencies to exist, and a request for
// /openapi.json touches none of them (the document route comes before the session guard).
import { createBillingApp } from '@coppertone/billing';
import { createContactApp } from '@coppertone/contact';
import type { Database, EventBus } from '@coppertone/db';
import type { FunctionApp } from '@coppertone/http';
import { createIdentityApp } from '@coppertone/identity';
import { createLogger, createMetrics } from '@coppertone/observability';
import { createWorkApp, type WorkEvent } from '@coppertone/work';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { OpenAPI3 } from 'openapi-typescript';

/** The functions whose API the browser calls, in the order the generated files are written. */
export const FUNCTIONS = ['identity', 'work', 'billing', 'contact'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** A Kysely that compiles queries but has no connection: any query run through it fails loudly. */
const offlineDb = (): Kysely<Database> =>
  new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });

function refuse(what: string): never {
  throw new Error(`${what} was used while reading an OpenAPI document`);
}

const offlineBus: EventBus<WorkEvent> = {
  publish: async () => refuse('the event bus'),
  subscribe: () => () => {},
  isLive: () => false,
  onGap: () => () => {},
  close: async () => {},
};

function buildApp(name: FunctionName): FunctionApp {
  const common = {
    db: offlineDb(),
    jobs: { send: async () => refuse('the job queue') },
    log: createLogger({ name: `openapi-${name}`, level: 'silent' }),
    metrics: createMetrics({ defaults: false }),
    ready: async () => false,
    publicUrl: 'http://localhost',
  };
  switch (name) {
    case 'identity':
      return createIdentityApp({ ...common, trustProxy: false });
    case 'work':
      return createWorkApp({ ...common, bus: offlineBus });
    case 'billing':
      return createBillingApp({ ...common, providers: {}, reconcileAfterSeconds: 600 });
    case 'contact':
      return createContactApp({ ...common, trustProxy: false });
  }
}

/** The OpenAPI 3.1 document the function serves at /openapi.json. */
export async function openApiDocument(name: FunctionName): Promise<OpenAPI3> {
  const res = await buildApp(name).request('/openapi.json');
  if (!res.ok) throw new Error(`${name}: GET /openapi.json answered ${res.status}`);
  return (await res.json()) as OpenAPI3;
}
