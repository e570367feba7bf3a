import { TestClient } from '@coppertone/http/testing';
import { createMailer, type MailboxEntry, SEND_MAIL_JOB, sendMailJob } from '@coppertone/mail';
import { waitForMail } from '@coppertone/mail/testing';
import { createMetrics } from '@coppertone/observability';
import { startTestProcess } from '@coppertone/runtime/testing';
import { sql } from 'kysely';
import { ACCOUNT_MAIL_JOB, accountMailJob } from './accounts/accounts.jobs.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from './demo.ts';
import { buildIdentity } from './function.ts';

export const PUBLIC_URL = 'https://portal.coppertone.test';

/** The identity function on a fresh database with the demo accounts, a real queue and a mailbox. */
export async function setupIdentity() {
  const metrics = createMetrics({ defaults: false, sampleTtlMs: 0 });
  const parts = await startTestProcess({
    name: 'identity-test',
    role: 'worker',
    queues: [SEND_MAIL_JOB, ACCOUNT_MAIL_JOB],
    publicUrl: PUBLIC_URL,
    trustProxy: true,
    metrics,
  });
  const { database } = parts.deps;
  const mailer = createMailer({ from: 'test@coppertone.test' });
  await parts.deps.jobs.work([
    sendMailJob(mailer) as never,
    accountMailJob({ db: database.db, mailer, publicUrl: PUBLIC_URL }) as never,
  ]);
  await seedDemoAccounts(database.db);
  /** The demo data's one client company. */
  const demoCompanyId = (await database.db.selectFrom('companies').select('id').executeTakeFirstOrThrow()).id;
  const { app, close } = await buildIdentity(parts.deps);
  let addresses = 0;
  /** A new browser, from its own address unless one is given. */
  const client = (address = `198.51.100.${++addresses}`) =>
    new TestClient((path, init) => app.request(path, init), { 'x-forwarded-for': address });
  /** A new browser signed in as `email` (a demo account unless `password` is given); throws unless that answers 200. */
  async function signIn(email: string, password = DEMO_PASSWORD) {
    const c = client();
    const res = await c.post('/login', { email, password });
    if (res.status !== 200) throw new Error(`login as ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return c;
  }

  /** Waits for a mail to `to` matching `match`, returning it; fails after 10 s. */
  const mailTo = (to: string, match?: (m: MailboxEntry) => boolean) => waitForMail(mailer, to, match);
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
    signIn,
    demoCompanyId,
    mailTo,
    mailsTo,
    linkToken,
    count,
    async close() {
      await close();
      await parts.close();
    },
  };
}

export type IdentityHarness = Awaited<ReturnType<typeof setupIdentity>>;
