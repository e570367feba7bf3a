import { createLogger } from '@coppertone/observability';
import { describe, expect, it } from 'vitest';
import { createAlertsApp } from './app.ts';
import type { FormattedMessage } from './format.ts';
import { buildWebhook } from './testing.ts';

const log = createLogger({ name: 'alerts-test', level: 'silent' });

function post(app: ReturnType<typeof createAlertsApp>, body: unknown, headers: Record<string, string> = {}) {
  return app.request('/alerts', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function harness(opts: { roomFails?: boolean; mailFails?: boolean; mail?: boolean; token?: string } = {}) {
  const room: { txnId: string; message: FormattedMessage }[] = [];
  const mails: FormattedMessage[] = [];
  const app = createAlertsApp({
    log,
    webhookToken: opts.token,
    postToRoom: async (txnId, message) => {
      if (opts.roomFails) throw new Error('homeserver unreachable: ECONNREFUSED');
      room.push({ txnId, message });
      return '$event';
    },
    mail:
      opts.mail === false
        ? undefined
        : {
            describe: () => 'test mail',
            send: async (message) => {
              if (opts.mailFails) throw new Error('SMTP refused');
              mails.push(message);
            },
          },
  });
  return { app, room, mails };
}

describe('POST /alerts', () => {
  it('posts a valid notification to the room and answers 200', async () => {
    const { app, room, mails } = harness();
    const res = await post(app, buildWebhook());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ delivered: 'matrix', eventId: '$event' });
    expect(room).toHaveLength(1);
    expect(room[0]?.message.text).toContain('billing (billing:8080) cannot be scraped');
    expect(mails).toHaveLength(0);
  });

  it('e-mails the same message when the homeserver fails, and still answers 200', async () => {
    const { app, room, mails } = harness({ roomFails: true });
    const res = await post(app, buildWebhook());
    expect(res.status).toBe(200);
    expect((await res.json()) as object).toMatchObject({ delivered: 'email' });
    expect(room).toHaveLength(0);
    expect(mails[0]?.title).toBe('🔥 FIRING critical [1] TargetDown (env=production)');
  });

  it('answers 502 when neither the room nor e-mail took it, so Alertmanager retries', async () => {
    expect((await post(harness({ roomFails: true, mailFails: true }).app, buildWebhook())).status).toBe(502);
    expect((await post(harness({ roomFails: true, mail: false }).app, buildWebhook())).status).toBe(502);
  });

  it('refuses what is not an Alertmanager v4 body with 400 naming the field, and posts nothing', async () => {
    const { app, room, mails } = harness();
    const noName = buildWebhook();
    const first = noName.alerts[0];
    if (!first) throw new Error('fixture has an alert');
    first.labels = { severity: 'critical' };
    for (const [body, field] of [
      [{ ...buildWebhook(), version: '3' }, 'version'],
      [{ ...buildWebhook(), alerts: [] }, 'alerts'],
      [{ ...buildWebhook(), status: 'pending' }, 'status'],
      [noName, 'alerts.0.labels'],
    ] as const) {
      const res = await post(app, body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { problems: string[] };
      expect(answer.problems.join('\n')).toContain(field);
    }
    expect((await post(app, '{not json')).status).toBe(400);
    expect(room).toHaveLength(0);
    expect(mails).toHaveLength(0);
  });

  it('with a webhook token, refuses a request without it (401)', async () => {
    const { app, room } = harness({ token: 'per-test-token-value' });
    expect((await post(app, buildWebhook())).status).toBe(401);
    expect((await post(app, buildWebhook(), { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(app, buildWebhook(), { authorization: 'Bearer per-test-token-value' })).status).toBe(200);
    expect(room).toHaveLength(1);
  });
});
