import { createSessionCache } from '@coppertone/auth';
import { seedTestPeople } from '@coppertone/auth/testing';
import type { DatabaseHandle } from '@coppertone/db';
import { createTestDatabase } from '@coppertone/db/testing';
import { type Jobs, startJobs } from '@coppertone/jobs';
import { createMailer, type MailboxEntry } from '@coppertone/mail';
import { createLogger, createMetrics } from '@coppertone/observability';
import type { KyselyPlugin } from 'kysely';
import { buildWork } from './function.ts';
import { TASK_ASSIGNED_JOB, taskAssignedJob } from './tasks/tasks.jobs.ts';

/**
 * The work function on a fresh database with two client companies (A, B), a client contact in
 * each, a staff member, an admin, a real queue (assignment mail) and the real event bus. A `plugin`
 * sees every query the function sends (a test counting the statements of a request).
 */
export async function setupWork(opts: { sessionRecheckMs?: number; plugin?: KyselyPlugin } = {}) {
  const database: DatabaseHandle = await createTestDatabase();
  const db = database.db;
  const log = createLogger({ name: 'work-test', level: 'silent' });
  const mailer = createMailer({ from: 'test@coppertone.test' });
  const jobs: Jobs = await startJobs({
    database: database,
    log,
    role: 'worker',
    queues: [TASK_ASSIGNED_JOB],
    pollingIntervalSeconds: 0.5,
  });
  await jobs.work([taskAssignedJob({ db, mailer, publicUrl: 'https://portal.coppertone.test' }) as never]);
  const sessions = await createSessionCache(database);
  const metrics = createMetrics({ defaults: false });
  const work = await buildWork(
    {
      database: opts.plugin ? { ...database, db: db.withPlugin(opts.plugin) } : database,
      sessions,
      jobs,
      log,
      metrics,
      ready: database.ping,
      publicUrl: 'https://portal.coppertone.test',
      trustProxy: false,
    },
    { sessionRecheckMs: opts.sessionRecheckMs },
  );
  const { app, reads } = work;

  const { companyA, companyB, users, browserAs } = await seedTestPeople(db, {
    clientA: { email: 'client.a@acme.test', role: 'client', company: 'A' },
    clientB: { email: 'client.b@beta.test', role: 'client', company: 'B' },
    staff: { email: 'sam@coppertone.test', role: 'staff' },
    staff2: { email: 'kim@coppertone.test', role: 'staff' },
    admin: { email: 'avery@coppertone.test', role: 'admin' },
  });
  /** A browser signed in as one of the users (or anonymous). */
  const as = (who: keyof typeof users | 'anonymous') => browserAs(who, (path, init) => app.request(path, init));

  async function mailTo(to: string, match: (m: MailboxEntry) => boolean = () => true): Promise<MailboxEntry> {
    for (let i = 0; i < 100; i++) {
      const hit = mailer.mailbox?.list().find((m) => m.to === to && match(m));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail to ${to} within 10 s`);
  }

  return {
    app,
    db,
    reads,
    metrics,
    companyA,
    companyB,
    users,
    as,
    mailTo,
    async close() {
      await work.close();
      await sessions.close();
      await jobs.stop();
      await database.close();
    },
  };
}

export type WorkHarness = Awaited<ReturnType<typeof setupWork>>;
