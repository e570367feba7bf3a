// The Matrix receiver of Alertmanager on its own (one container): `node services/alerts/src/main.ts`.
// Settings: src/config.ts; what it does: src/app.ts; deploy/monitoring/README.md (Alerts).
import { ConfigError } from '@coppertone/config';
import { createLogger } from '@coppertone/observability';
import { serve } from '@hono/node-server';
import { createAlertsApp } from './app.ts';
import { readAlertsConfig } from './config.ts';
import { createMailFallback } from './mail.ts';
import { sendToRoom } from './matrix.ts';

let config: ReturnType<typeof readAlertsConfig>;
try {
  config = readAlertsConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Invalid configuration: ${(err as Error).message}`);
  process.exit(1);
}
const log = createLogger({ name: 'alerts', level: config.logLevel });
const mail = config.mail && createMailFallback(config.mail);
const app = createAlertsApp({
  log,
  postToRoom: (txnId, message) => sendToRoom(config.matrix, txnId, message),
  mail,
  webhookToken: config.webhookToken,
  runbookBaseUrl: config.runbookBaseUrl,
});
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  log.info(
    {
      port: info.port,
      homeserver: new URL(config.matrix.homeserverUrl).origin,
      room: config.matrix.roomId,
      fallback: mail ? mail.describe() : 'none',
    },
    'alerts receiver listening',
  );
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    // Stop taking webhooks, drop idle keep-alive connections (Alertmanager's), and exit once the
    // requests in flight are answered, at most 5 s later (within the runtime's stop timeout).
    server.close(() => process.exit(0));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
