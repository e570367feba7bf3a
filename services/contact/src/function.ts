import { SEND_MAIL_JOB } from '@coppertone/mail';
import { defineFunction, type FunctionDeps } from '@coppertone/runtime';
import { createContactApp } from './app.ts';
import { contactConfigFields } from './config.ts';

/** The contact function from its process's parts; it opens nothing of its own. */
export async function buildContact(deps: FunctionDeps) {
  const app = createContactApp({ ...deps, db: deps.database.db });
  return { app, close: async () => {} };
}

/**
 * How any process starts contact: it stores messages and serves the staff inbox; the worker
 * e-mails staff about new messages and sends the inbox's replies (queued jobs).
 */
export const contactFunction = defineFunction({
  name: 'contact',
  configFields: contactConfigFields,
  queues: [SEND_MAIL_JOB],
  fromConfig: () => ({ options: {}, problems: [] }),
  build: (deps) => buildContact(deps),
});
