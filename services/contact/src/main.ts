// The contact function on its own (one container): `node services/contact/src/main.ts`.
// It only stores messages; the worker e-mails staff about them.
import { listen } from '@coppertone/http';
import { boot, onShutdown } from '@coppertone/runtime';
import { createContactApp } from './app.ts';
import { contactConfigFields } from './config.ts';

const { config, log, metrics, database, ready } = await boot({ name: 'contact', fields: contactConfigFields });
const app = createContactApp({
  db: database.db,
  log,
  metrics,
  ready,
  trustProxy: config.TRUST_PROXY,
  publicUrl: config.PUBLIC_URL,
});
const server = await listen(app, { port: config.PORT, host: config.HOST });
log.info({ port: server.port }, 'contact function listening');
onShutdown(log, async () => {
  await server.close();
  await database.close();
});
