import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { createFunctionApp, type FunctionApp } from '@coppertone/http';
import { createMailer } from '@coppertone/mail';
import { createLogger, createMetrics, type Metrics, readMetric } from '@coppertone/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyPendingMessages } from './messages/messages.notify.ts';
import { registerMessageRoutes } from './messages/messages.routes.ts';

// The outbox metrics the "contact outbox stuck" alert reads: a message waits until staff are told.

let database: DatabaseHandle;
let metrics: Metrics;
let app: FunctionApp;
const log = createLogger({ name: 'contact-test', level: 'silent' });

beforeAll(async () => {
  database = await createTestDatabase();
  metrics = createMetrics({ defaults: false, sampleTtlMs: 0 });
  app = createFunctionApp({
    name: 'contact',
    log,
    metrics,
    ready: database.ping,
    publicUrl: 'https://coppertone.test',
  });
  registerMessageRoutes(app, { db: database.db, trustProxy: true, metrics });
});
afterAll(() => database?.close());

/** The notifier's run that tells staff of every pending message. */
const notifyStaff = () =>
  notifyPendingMessages({
    db: database.db,
    mailer: createMailer({ from: 'test@coppertone.test' }),
    notifyEmail: 'inbox@coppertone.test',
    log,
  });

describe('contact outbox metrics', () => {
  it('a new message is pending until staff are notified, then the outbox is empty again', async () => {
    await notifyStaff();
    expect(await readMetric(metrics, 'contact_outbox_pending')).toBe(0);
    expect(await readMetric(metrics, 'contact_outbox_oldest_age_seconds')).toBe(0);
    const res = await app.request('/messages', {
      method: 'POST',
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', message: 'We need a portal.' }),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
    });
    expect(res.status).toBe(202);
    expect(await readMetric(metrics, 'contact_outbox_pending')).toBe(1);
    await notifyStaff();
    expect(await readMetric(metrics, 'contact_outbox_pending')).toBe(0);
  });
});
