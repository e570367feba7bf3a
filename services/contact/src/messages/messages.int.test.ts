import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { type Jobs, startJobs } from '@coppertone/jobs';
import { createMailer, type Mailer, type OutgoingMail, SEND_MAIL_JOB } from '@coppertone/mail';
import { createLogger, createMetrics } from '@coppertone/observability';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContactApp } from '../app.ts';
import { notifyPendingMessages, type StaffNotifier, startStaffNotifier } from './messages.notify.ts';
import { createMessageStore } from './messages.service.ts';

let database: DatabaseHandle;
let notifier: StaffNotifier;
let mailer: Mailer;
let jobs: Jobs;
const log = createLogger({ name: 'contact-test', level: 'silent' });
let app: ReturnType<typeof createContactApp>;
let address = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  mailer = createMailer({ from: 'test@coppertone.test' });
  notifier = startStaffNotifier({
    db: database.db,
    mailer,
    notifyEmail: 'inbox@coppertone.test',
    log,
    pollMs: 100,
  });
  jobs = await startJobs({ database, log, role: 'producer', queues: [SEND_MAIL_JOB] });
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
  await notifier?.stop();
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
  return { messages: Number(messages.n) };
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
  it('stores a JSON message, answers 202, and e-mails staff through the outbox', async () => {
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
    expect((await counts()).messages).toBe(before.messages + 1);
    const mail = await waitForMail((t) => t.includes('json-path-1234'));
    expect(mail.to).toBe('inbox@coppertone.test');
    expect(mail.subject).toBe('New contact message from Ada Lovelace (Analytical Ltd)');
    const sent = await database.db
      .selectFrom('contact_messages')
      .select(['notified_at', 'notify_lease_until'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(sent.notified_at).toBeInstanceOf(Date);
    expect(sent.notify_lease_until).toBeNull();
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

  it('refuses control characters (line breaks and tabs allowed in the message) with 400, storing nothing', async () => {
    const before = await counts();
    const res = await post(JSON.stringify({ ...valid, name: 'Ada\u0007', message: 'line one\r\n\tline two\u0000' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({
      name: 'Name must not contain control characters',
      message: 'Message must not contain control characters other than line breaks and tabs',
    });
    expect(await counts()).toEqual(before);
    expect((await post(JSON.stringify({ ...valid, message: `line one\r\n\tline two ${address}` }))).status).toBe(202);
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
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await counts()).toEqual(before);
    expect((await post(JSON.stringify(valid), 'application/json', `${ip}9`)).status).toBe(202);
  });
  it('answers a rate-limited plain form post with a page and Retry-After', async () => {
    const ip = from();
    const form = new URLSearchParams({ name: 'Grace', email: 'grace@example.com', message: 'again' }).toString();
    for (let i = 0; i < 5; i++) expect((await post(form, 'application/x-www-form-urlencoded', ip)).status).toBe(303);
    const limited = await post(form, 'application/x-www-form-urlencoded', ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Too many requests');
  });
});

describe('concurrent messages (one statement per batch)', () => {
  const message = (remoteAddress: string, text: string) => ({
    message: { name: 'Ada', email: 'ada@example.com', message: text, remoteAddress },
    keep: true,
  });
  const stored = async (like: string) =>
    (
      await database.db
        .selectFrom('contact_messages')
        .select('message')
        .where('message', 'like', like)
        .orderBy('message')
        .execute()
    ).map((r) => r.message);

  it('holds the limit for one address across concurrent posts: 5 stored, the rest 429', async () => {
    const ip = from();
    const statuses = await Promise.all(
      Array.from({ length: 9 }, async (_, i) => {
        const res = await post(JSON.stringify({ ...valid, message: `burst-${address}-${i}` }), 'application/json', ip);
        return res.status;
      }),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(await stored(`burst-${address}-%`)).toHaveLength(5);
  });

  it('counts the hits of one address within a batch in the order sent, and keeps addresses apart', async () => {
    const store = createMessageStore(database.db, { maxBatch: 64, maxInFlight: 1 });
    const [a, b] = [from(), `${from()}1`];
    const items = [
      ...Array.from({ length: 7 }, (_, i) => message(a, `order-${address}-a${i}`)),
      { ...message(a, `order-${address}-honeypot`), keep: false },
      ...Array.from({ length: 3 }, (_, i) => message(b, `order-${address}-b${i}`)),
    ];
    const outcomes = await Promise.all(items.map((item) => store.submit(item)));
    // a: the first 5 are within the limit, the rest (honeypot included) over it; b: all 3 within it.
    expect(outcomes.map((o) => (o.limited ? 'limited' : o.id ? 'stored' : 'dropped'))).toEqual([
      ...Array(5).fill('stored'),
      ...Array(3).fill('limited'),
      ...Array(3).fill('stored'),
    ]);
    expect(await stored(`order-${address}-%`)).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `order-${address}-a${i}`),
      ...[0, 1, 2].map((i) => `order-${address}-b${i}`),
    ]);
    const limited = outcomes[6];
    expect(limited?.limited && limited.retryAfter).toBeGreaterThan(0);
  });

  it('stores a honeypot nowhere but counts it, in a batch as alone', async () => {
    const store = createMessageStore(database.db, { maxBatch: 64, maxInFlight: 1 });
    const ip = from();
    const outcomes = await Promise.all([
      store.submit({ ...message(ip, `pot-${address}-0`), keep: false }),
      ...[1, 2, 3, 4, 5].map((i) => store.submit(message(ip, `pot-${address}-${i}`))),
    ]);
    expect(outcomes.map((o) => !o.limited && o.id !== null)).toEqual([false, true, true, true, true, false]);
    expect(await stored(`pot-${address}-%`)).toEqual([1, 2, 3, 4].map((i) => `pot-${address}-${i}`));
  });

  it('fails only the message the database refuses, storing the others of its batch', async () => {
    const store = createMessageStore(database.db, { maxBatch: 64, maxInFlight: 1 });
    const outcomes = await Promise.allSettled(
      // A NUL character cannot be stored in PostgreSQL text: that statement fails as a whole.
      ['ok-0', 'ok-1', 'bad\u0000', 'ok-3'].map((text, i) =>
        store.submit(message(`${from()}${i}`, `poison-${address}-${text}`)),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await stored(`poison-${address}-%`)).toEqual(['ok-0', 'ok-1', 'ok-3'].map((t) => `poison-${address}-${t}`));
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

/** A mailer that records what it sends (or fails, or never returns, as a test needs). */
function recordingMailer(send: (mail: OutgoingMail) => Promise<void> = async () => {}) {
  const sent: OutgoingMail[] = [];
  const mailer: Mailer = {
    async send(mail) {
      await send(mail);
      sent.push(mail);
    },
    describe: () => 'recording',
  };
  return { mailer, sent };
}

const outbox = () =>
  database.db
    .selectFrom('contact_messages')
    .select(['id', 'message', 'notified_at', 'notify_lease_until', 'notify_attempts'])
    .where('notified_at', 'is', null)
    .execute();

describe('staff notification outbox', () => {
  // These tests play the worker themselves, so the background notifier must not take their messages.
  const drain = (m: Mailer, opts: { batchSize?: number; leaseSeconds?: number } = {}) =>
    notifyPendingMessages({ db: database.db, mailer: m, notifyEmail: 'inbox@coppertone.test', log, ...opts });

  beforeAll(async () => {
    await notifier.stop();
    await drain(recordingMailer().mailer, { batchSize: 1000 }); // what earlier tests left
    expect(await outbox()).toEqual([]);
  });

  it('e-mails a message stored while no worker ran once a worker runs, and only once', async () => {
    expect((await post(JSON.stringify({ ...valid, message: 'stored-while-down' }))).status).toBe(202);
    expect((await outbox()).map((m) => m.message)).toEqual(['stored-while-down']);
    const { mailer: m, sent } = recordingMailer();
    expect(await drain(m)).toEqual({ sent: 1, failed: 0 });
    expect(sent.map((mail) => mail.text.includes('stored-while-down'))).toEqual([true]);
    expect(sent[0]?.replyTo).toBe('ada@example.com');
    expect(await drain(m)).toEqual({ sent: 0, failed: 0 });
    expect(await outbox()).toEqual([]);
  });

  it('leaves a message whose worker died mid-send to the next worker once the lease ends', async () => {
    expect((await post(JSON.stringify({ ...valid, message: 'worker-died' }))).status).toBe(202);
    // The first worker claims the message and never finishes sending (its process is gone).
    const dead = recordingMailer(() => new Promise(() => {}));
    void drain(dead.mailer, { leaseSeconds: 1 });
    for (let i = 0; i < 50 && !(await outbox())[0]?.notify_lease_until; i++)
      await new Promise((r) => setTimeout(r, 20));
    const next = recordingMailer();
    expect(await drain(next.mailer, { leaseSeconds: 1 })).toEqual({ sent: 0, failed: 0 });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await drain(next.mailer)).toEqual({ sent: 1, failed: 0 });
    expect(next.sent.map((mail) => mail.text.includes('worker-died'))).toEqual([true]);
    expect(dead.sent).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('puts a message back after a failed send and retries it after a backoff, not before', async () => {
    expect((await post(JSON.stringify({ ...valid, message: 'smtp-down' }))).status).toBe(202);
    const failing = recordingMailer(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    expect(await drain(failing.mailer)).toEqual({ sent: 0, failed: 1 });
    const [waiting] = await outbox();
    expect(waiting?.notify_attempts).toBe(1);
    expect(waiting?.notify_lease_until?.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const good = recordingMailer();
    expect(await drain(good.mailer)).toEqual({ sent: 0, failed: 0 });
    // Time passes: the backoff ends.
    await database.db
      .updateTable('contact_messages')
      .set({ notify_lease_until: sql`now() - interval '1 second'` })
      .where('notified_at', 'is', null)
      .execute();
    expect(await drain(good.mailer)).toEqual({ sent: 1, failed: 0 });
    expect(good.sent[0]?.text).toContain('smtp-down');
  });

  it('never e-mails a message twice when several workers drain at once', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `concurrent-${i}`);
    for (const [i, message] of texts.entries()) {
      expect((await post(JSON.stringify({ ...valid, message }), 'application/json', `198.51.100.${i}`)).status).toBe(
        202,
      );
    }
    const { mailer: shared, sent } = recordingMailer(() => new Promise((r) => setTimeout(r, 2)));
    const worker = async () => {
      while ((await drain(shared, { batchSize: 3 })).sent > 0) {}
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const mailed = sent.map((mail) => /concurrent-\d+/.exec(mail.text)?.[0]);
    expect(mailed.length).toBe(texts.length);
    expect(new Set(mailed).size).toBe(texts.length);
    expect(await outbox()).toEqual([]);
  });
});
