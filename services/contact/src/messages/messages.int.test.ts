import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { type Jobs, startJobs } from '@coppertone/jobs';
import { createMailer, type Mailer } from '@coppertone/mail';
import { createLogger, createMetrics } from '@coppertone/observability';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContactApp } from '../app.ts';
import { NOTIFY_STAFF_JOB, notifyStaffJob } from './messages.jobs.ts';

let database: DatabaseHandle;
let jobs: Jobs;
let mailer: Mailer;
let app: ReturnType<typeof createContactApp>;
let address = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const log = createLogger({ name: 'contact-test', level: 'silent' });
  mailer = createMailer({ from: 'test@coppertone.test' });
  jobs = await startJobs({
    database: database,
    log,
    role: 'worker',
    queues: [NOTIFY_STAFF_JOB],
    pollingIntervalSeconds: 0.5,
  });
  await jobs.work([notifyStaffJob({ db: database.db, mailer, notifyEmail: 'inbox@coppertone.test' }) as never]);
  app = createContactApp({
    db: database.db,
    jobs,
    log,
    metrics: createMetrics({ defaults: false }),
    ready: database.ping,
    trustProxy: true,
    publicUrl: 'https://coppertone.test',
  });
});

afterAll(async () => {
  await jobs?.stop();
  await database?.close();
});

// Each test posts from its own address so the per-address rate limit only bites where it is tested.
beforeEach(() => {
  address += 1;
});
const from = () => `203.0.113.${address}`;

const post = (body: BodyInit, type = 'application/json', ip = from()) =>
  app.request('/messages', { method: 'POST', body, headers: { 'content-type': type, 'x-forwarded-for': ip } });

const valid = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  company: 'Analytical Ltd',
  message: 'We need a portal.',
};

async function counts() {
  const messages = await database.db
    .selectFrom('contact_messages')
    .select((e) => e.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const queued = await sql<{
    n: string;
  }>`select count(*) as n from pgboss.job where name = ${NOTIFY_STAFF_JOB}`.execute(database.db);
  return { messages: Number(messages.n), jobs: Number(queued.rows[0]?.n) };
}

async function waitForMail(predicate: (text: string) => boolean) {
  for (let i = 0; i < 100; i++) {
    const hit = mailer.mailbox?.list().find((m) => predicate(m.text));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no mail arrived within 10 s');
}

describe('POST /messages', () => {
  it('stores a JSON message, answers 202, and e-mails staff through the queue', async () => {
    const before = await counts();
    const res = await post(JSON.stringify({ ...valid, message: 'json-path-1234' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'received' });
    const row = await database.db
      .selectFrom('contact_messages')
      .selectAll()
      .where('message', '=', 'json-path-1234')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      company: 'Analytical Ltd',
      remote_address: from(),
    });
    expect((await counts()).jobs).toBe(before.jobs + 1);
    const mail = await waitForMail((t) => t.includes('json-path-1234'));
    expect(mail.to).toBe('inbox@coppertone.test');
    expect(mail.subject).toBe('New contact message from Ada Lovelace (Analytical Ltd)');
  });

  it('takes a plain form post and redirects to the thank-you page with 303', async () => {
    const body = new URLSearchParams({
      name: 'Grace',
      email: 'grace@example.com',
      company: '',
      message: 'form-path-5678',
    });
    const res = await post(body.toString(), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/contact/thanks');
    const row = await database.db
      .selectFrom('contact_messages')
      .selectAll()
      .where('message', '=', 'form-path-5678')
      .executeTakeFirstOrThrow();
    expect(row.company).toBeNull();
    await waitForMail((t) => t.includes('form-path-5678'));
  });

  it('refuses missing and over-long fields with 400 naming each field, storing nothing', async () => {
    const before = await counts();
    const res = await post(
      JSON.stringify({ email: 'not-an-email', company: 'x'.repeat(101), message: 'm'.repeat(5001) }),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(typeof body.error.requestId).toBe('string');
    expect(Object.keys(body.error.fields).sort()).toEqual(['company', 'email', 'message', 'name']);
    expect(body.error.fields.message).toBe('Message must be at most 5000 characters');
    expect(await counts()).toEqual(before);
  });

  it('treats whitespace-only fields as missing', async () => {
    const res = await post(JSON.stringify({ ...valid, name: '   ', message: '\n\t' }));
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(['message', 'name']);
  });

  it('answers a failed plain form post with a readable page, not JSON', async () => {
    const res = await post('name=&email=x&message=', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const page = await res.text();
    expect(page).toContain('Name is required');
    expect(page).toContain('href="/contact"');
  });

  it('refuses a body over 64 KB with 413', async () => {
    const before = await counts();
    const res = await post(JSON.stringify({ ...valid, message: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('refuses other content types with 415', async () => {
    const res = await post('name=a', 'text/plain');
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await post('{"name": "Ada",');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('malformed_json');
  });

  it('accepts a filled honeypot silently and sends nothing', async () => {
    const before = await counts();
    const res = await post(JSON.stringify({ ...valid, message: 'honeypot-999', website: 'http://spam.example' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'received' });
    expect(await counts()).toEqual(before);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailer.mailbox?.list().some((m) => m.text.includes('honeypot-999'))).toBe(false);
  });

  it('stores SQL and HTML metacharacters and unicode verbatim, and escapes them in the mail', async () => {
    const message = `'); drop table contact_messages; -- <script>alert(1)</script> Zoë 日本 🚀 ${address}`;
    expect((await post(JSON.stringify({ ...valid, message }))).status).toBe(202);
    const row = await database.db
      .selectFrom('contact_messages')
      .select('message')
      .where('message', '=', message)
      .executeTakeFirst();
    expect(row?.message).toBe(message);
    const mail = await waitForMail((t) => t.includes(message));
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).not.toContain('<script>');
  });

  it('limits one address to 5 messages a minute (429 with Retry-After), others unaffected', async () => {
    const ip = from();
    for (let i = 0; i < 5; i++) expect((await post(JSON.stringify(valid), 'application/json', ip)).status).toBe(202);
    const before = await counts();
    const limited = await post(JSON.stringify(valid), 'application/json', ip);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    expect((await post(JSON.stringify(valid), 'application/json', `${ip}9`)).status).toBe(202);
  });
});

describe('health and documentation', () => {
  it('serves healthz, readyz, metrics with route-labelled histograms, and OpenAPI', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    expect(await (await app.request('/readyz')).json()).toEqual({ status: 'ready', service: 'contact' });
    await post(JSON.stringify(valid));
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/messages",status="202"\} \d+/);
    const doc = await (await app.request('/openapi.json')).json();
    expect(doc.paths['/messages'].post.requestBody.content).toHaveProperty('application/x-www-form-urlencoded');
  });

  it('answers unknown routes with the JSON error contract', async () => {
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'not_found' });
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
  });
});
