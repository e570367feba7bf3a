import type { Database } from '@coppertone/db';
import type { JobDefinition } from '@coppertone/jobs';
import type { Mailer } from '@coppertone/mail';
import type { Kysely } from 'kysely';

export const TASK_ASSIGNED_JOB = 'work.task-assigned';

/** E-mails the assignee about a task given to them; runs in the worker, never in the request. */
export function taskAssignedJob(deps: {
  db: Kysely<Database>;
  mailer: Mailer;
  publicUrl: string;
}): JobDefinition<{ taskId: string; assigneeId: string; by: string }> {
  return {
    name: TASK_ASSIGNED_JOB,
    async handle({ taskId, assigneeId, by }, { log }) {
      const row = await deps.db
        .selectFrom('tasks as t')
        .innerJoin('projects as p', 'p.id', 't.project_id')
        .innerJoin('users as a', 'a.id', 't.assignee_id')
        .leftJoin('users as b', (j) => j.on('b.id', '=', by))
        .select([
          't.title',
          't.project_id',
          't.assignee_id',
          'p.name as project',
          'a.email',
          'a.name as assignee',
          'b.name as byName',
        ])
        .where('t.id', '=', taskId)
        .executeTakeFirst();
      if (!row || row.assignee_id !== assigneeId) {
        log.info({ taskId }, 'task gone or reassigned since; no mail');
        return;
      }
      const url = `${deps.publicUrl}/staff/projects/${row.project_id}?task=${taskId}`;
      await deps.mailer.send({
        to: row.email,
        subject: `Assigned to you: ${row.title}`,
        text: `Hello ${row.assignee},\n\n${row.byName ?? 'Someone'} assigned you "${row.title}" in ${row.project}.\n\nOpen it: ${url}\n\n— Coppertone`,
      });
    },
  };
}
