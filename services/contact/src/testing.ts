import { createSessionCache } from '@coppertone/auth';
import { seedTestPeople } from '@coppertone/auth/testing';
import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { type Jobs, startJobs } from '@coppertone/jobs';
import { createMailer, type MailboxEntry, SEND_MAIL_JOB, sendMailJob } from '@coppertone/mail';
import { createLogger, createMetrics } from '@coppertone/observability';
import { buildContact } from './function.ts';

/**
 * The contact function on a fresh database: two client companies with a contact each, staff and
 * admin, a real queue whose worker sends into a mailbox, and browsers signed in as any of them.
 */
export async function setupContact() {
  const database: DatabaseHandle = await createTestDatabase();
  const log = createLogger({ name: 'contact-test', level: 'silent' });
  const mailer = createMailer({ from: 'test@coppertone.test' });
  const jobs: Jobs = await startJobs({
    database,
    log,
    role: 'worker',
    queues: [SEND_MAIL_JOB],
    pollingIntervalSeconds: 0.5,
  });
  await jobs.work([sendMailJob(mailer) as never]);
  const people = await seedTestPeople(database.db, {
    clientA: { email: 'client@a.test', role: 'client', company: 'A' },
    clientB: { email: 'client@b.test', role: 'client', company: 'B' },
    staff: { email: 'staff@coppertone.test', role: 'staff' },
    admin: { email: 'admin@coppertone.test', role: 'admin' },
  });
  const sessions = await createSessionCache(database);
  const { app, close } = await buildContact({
    database,
    jobs,
    sessions,
    log,
    metrics: createMetrics({ defaults: false }),
    ready: database.ping,
    trustProxy: true,
    publicUrl: 'https://coppertone.test',
  });
  const fetch = (path: string, init: RequestInit) => app.request(path, init);
  let address = 0;
  /** A visitor's contact message (each from its own address, so the rate limit stays out of the way). */
  async function sendMessage(m: { name: string; email: string; company?: string; message: string }): Promise<string> {
    const res = await app.request('/messages', {
      method: 'POST',
      body: JSON.stringify(m),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${++address}` },
    });
    if (res.status !== 202) throw new Error(`contact message answered ${res.status}`);
    const row = await database.db
      .selectFrom('contact_messages')
      .select('id')
      .where('message', '=', m.message)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  async function mailTo(to: string, match: (m: MailboxEntry) => boolean = () => true): Promise<MailboxEntry> {
    for (let i = 0; i < 100; i++) {
      const hit = mailer.mailbox
        ?.list()
        .filter((m) => m.to === to && match(m))
        .at(-1);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail to ${to} within 10 s`);
  }
  return {
    db: database.db,
    ...people,
    as: (who: Parameters<typeof people.browserAs>[0]) => people.browserAs(who, fetch),
    sendMessage,
    mailTo,
    async close() {
      await close();
      await sessions.close();
      await jobs.stop();
      await database.close();
    },
  };
}

export type ContactHarness = Awaited<ReturnType<typeof setupContact>>;
