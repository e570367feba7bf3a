import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '@coppertone/observability';
import { Hono } from 'hono';
import { type FormattedMessage, formatNotification } from './format.ts';
import type { MailFallback } from './mail.ts';
import { transactionId } from './matrix.ts';
import { webhookSchema } from './webhook.schema.ts';

export interface AlertsAppOptions {
  log: Logger;
  /** Posts to the room; throws when the homeserver fails. Returns the event id. */
  postToRoom: (txnId: string, message: FormattedMessage) => Promise<string>;
  mail?: MailFallback | undefined;
  /** When set, Alertmanager must present `Authorization: Bearer <token>`. */
  webhookToken?: string | undefined;
  runbookBaseUrl?: string | undefined;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /alerts: Alertmanager's webhook. The room first; when the homeserver fails, the e-mail
 * fallback. The answer tells Alertmanager whether to retry: 200 once either delivered, 502 when
 * neither did (Alertmanager retries 5xx with backoff until the notification is delivered or the
 * next group interval sends a newer one). An unreachable homeserver so loses no alert.
 */
export function createAlertsApp(opts: AlertsAppOptions): Hono {
  const app = new Hono();
  // Both health paths answer alike: the functions' image checks /readyz; nothing here needs warming.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => c.json({ status: 'ok' }));

  app.post('/alerts', async (c) => {
    if (opts.webhookToken) {
      const header = c.req.header('authorization') ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!sameToken(given, opts.webhookToken)) return c.json({ error: 'unauthorized' }, 401);
    }
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json({ error: 'body is not JSON' }, 400);
    }
    const parsed = webhookSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      opts.log.warn({ problems }, 'refused a webhook body that is not Alertmanager version 4');
      return c.json({ error: 'not an Alertmanager webhook (version 4)', problems }, 400);
    }
    const hook = parsed.data;
    const message = formatNotification(hook, { runbookBaseUrl: opts.runbookBaseUrl });
    const txnId = transactionId(hook);
    const what = { groupKey: hook.groupKey, status: hook.status, alerts: hook.alerts.length, txnId };
    let matrixError: string;
    try {
      const eventId = await opts.postToRoom(txnId, message);
      opts.log.info({ ...what, eventId }, 'notification posted to the room');
      return c.json({ delivered: 'matrix', eventId });
    } catch (err) {
      matrixError = (err as Error).message;
      opts.log.error({ ...what, reason: matrixError }, 'posting to the room failed');
    }
    if (!opts.mail) return c.json({ error: 'the homeserver failed and no e-mail fallback is set', matrixError }, 502);
    try {
      await opts.mail.send(message);
      opts.log.warn({ ...what, via: opts.mail.describe() }, 'notification e-mailed instead (the room failed)');
      return c.json({ delivered: 'email', matrixError });
    } catch (err) {
      const mailError = (err as Error).message;
      opts.log.error({ ...what, reason: mailError }, 'the e-mail fallback failed too: Alertmanager will retry');
      return c.json({ error: 'neither the room nor e-mail took the notification', matrixError, mailError }, 502);
    }
  });
  return app;
}
