import { seedTestPeople } from '@coppertone/auth/testing';
import { createMailer, type MailboxEntry, SEND_MAIL_JOB, sendMailJob } from '@coppertone/mail';
import { waitForMail } from '@coppertone/mail/testing';
import { startTestProcess } from '@coppertone/runtime/testing';
import { buildContact } from './function.ts';

/**
 * The contact function on a fresh database: two client companies with a contact each, staff and
 * admin, a real queue whose worker sends into a mailbox, and browsers signed in as any of them.
 */
export async function setupContact() {
  const parts = await startTestProcess({
    name: 'contact-test',
    role: 'worker',
    queues: [SEND_MAIL_JOB],
    publicUrl: 'https://coppertone.test',
    trustProxy: true,
  });
  const { database } = parts.deps;
  const mailer = createMailer({ from: 'test@coppertone.test' });
  await parts.deps.jobs.work([sendMailJob(mailer) as never]);
  const people = await seedTestPeople(database.db, {
    clientA: { email: 'client@a.test', role: 'client', company: 'A' },
    clientB: { email: 'client@b.test', role: 'client', company: 'B' },
    staff: { email: 'staff@coppertone.test', role: 'staff' },
    admin: { email: 'admin@coppertone.test', role: 'admin' },
  });
  const { app, close } = await buildContact(parts.deps);
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
  const mailTo = (to: string, match?: (m: MailboxEntry) => boolean) => waitForMail(mailer, to, match);
  return {
    db: database.db,
    ...people,
    as: (who: Parameters<typeof people.browserAs>[0]) => people.browserAs(who, fetch),
    sendMessage,
    mailTo,
    async close() {
      await close();
      await parts.close();
    },
  };
}

export type ContactHarness = Awaited<ReturnType<typeof setupContact>>;
