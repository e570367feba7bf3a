import { createSessionCache } from '@coppertone/auth';
import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { TestClient } from '@coppertone/http/testing';
import { type Jobs, startJobs } from '@coppertone/jobs';
import { createMailer, type MailboxEntry, type Mailer, SEND_MAIL_JOB, sendMailJob } from '@coppertone/mail';
import { createLogger, createMetrics } from '@coppertone/observability';
import { sql } from 'kysely';
import { ACCOUNT_MAIL_JOB, accountMailJob } from './accounts/accounts.jobs.ts';
import { seedDemoAccounts } from './demo.ts';
import { buildIdentity } from './function.ts';

export const PUBLIC_URL = 'https://portal.coppertone.test';

/** The identity function on a fresh database with the demo accounts, a real queue and a mailbox. */
export async function setupIdentity() {
  const database: DatabaseHandle = await createTestDatabase();
  const log = createLogger({ name: 'identity-test', level: 'silent' });
  const mailer: Mailer = createMailer({ from: 'test@coppertone.test' });
  const jobs: Jobs = await startJobs({
    database: database,
    log,
    role: 'worker',
    queues: [SEND_MAIL_JOB, ACCOUNT_MAIL_JOB],
    pollingIntervalSeconds: 0.5,
  });
  await jobs.work([
    sendMailJob(mailer) as never,
    accountMailJob({ db: database.db, mailer, publicUrl: PUBLIC_URL }) as never,
  ]);
  await seedDemoAccounts(database.db);
  const sessions = await createSessionCache(database);
  const metrics = createMetrics({ defaults: false, sampleTtlMs: 0 });
  const { app, close } = await buildIdentity({
    database,
    sessions,
    jobs,
    log,
    metrics,
    ready: database.ping,
    publicUrl: PUBLIC_URL,
    trustProxy: true,
  });
  let addresses = 0;
  /** A new browser, from its own address unless one is given. */
  const client = (address = `198.51.100.${++addresses}`) =>
    new TestClient((path, init) => app.request(path, init), { 'x-forwarded-for': address });

  /** Waits for a mail to `to` matching `match`, returning it; fails after 10 s. */
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
  const mailsTo = (to: string) => mailer.mailbox?.list().filter((m) => m.to === to) ?? [];
  const linkToken = (mail: MailboxEntry) =>
    /token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] ?? /invite=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] ?? '';
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]?.n);

  return {
    app,
    metrics,
    db: database.db,
    client,
    mailTo,
    mailsTo,
    linkToken,
    count,
    async close() {
      await close();
      await sessions.close();
      await jobs.stop();
      await database.close();
    },
  };
}

export type IdentityHarness = Awaited<ReturnType<typeof setupIdentity>>;
