import type { Database } from '@coppertone/db';
import type { JobDefinition } from '@coppertone/jobs';
import type { Mailer } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { assignmentMail } from './tasks.repo.ts';

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
      const row = await assignmentMail(deps.db, taskId, by);
      if (!row || row.assignee_id !== assigneeId) {
        log.info({ taskId }, 'task gone or reassigned since; no mail');
        return;
      }
      if (row.muted_notifications.includes('task_assigned')) {
        log.info({ taskId }, 'the assignee turned these mails off; no mail');
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
