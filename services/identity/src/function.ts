import { SEND_MAIL_JOB } from '@coppertone/mail';
import { defineFunction, type FunctionDeps } from '@coppertone/runtime';
import { ACCOUNT_MAIL_JOB } from './accounts/accounts.jobs.ts';
import { createIdentityApp } from './app.ts';

/** The identity function from its process's parts; it opens nothing of its own. */
export async function buildIdentity(deps: FunctionDeps) {
  const app = createIdentityApp({ ...deps, db: deps.database.db });
  return { app, close: async () => {} };
}

/** How any process starts identity: its own container (main.ts), the all-in-one server, the tests. */
export const identityFunction = defineFunction({
  name: 'identity',
  configFields: {},
  queues: [SEND_MAIL_JOB, ACCOUNT_MAIL_JOB],
  fromConfig: () => ({ options: {}, problems: [] }),
  build: (deps) => buildIdentity(deps),
});
