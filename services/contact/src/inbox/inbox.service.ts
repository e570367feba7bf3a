import type { SessionUser } from '@coppertone/auth';
import type { Database } from '@coppertone/db';
import { AppError, isUuid } from '@coppertone/http';
import type { Jobs } from '@coppertone/jobs';
import { type OutgoingMail, SEND_MAIL_JOB } from '@coppertone/mail';
import type { Kysely } from 'kysely';
import { exists, insertReply, lockMessage, markRead, messageView, staffMember, updateMessage } from './inbox.repo.ts';
import type { UpdateMessageInput } from './inbox.schema.ts';

export interface InboxDeps {
  db: Kysely<Database>;
  jobs: Pick<Jobs, 'send'>;
}

const notFound = () => new AppError('not_found', 'No such message.');

/** Opens a message: the first time staff open it, it stops counting as unread. */
export async function openMessage(deps: InboxDeps, id: string | undefined) {
  if (!isUuid(id)) throw notFound();
  await markRead(deps.db, id);
  const view = await messageView(deps.db, id);
  if (!view) throw notFound();
  return view;
}

/** Marks a message handled, spam or new again, (un)read, or records the company or project made from it. */
export async function changeMessage(
  deps: InboxDeps,
  actor: SessionUser,
  id: string | undefined,
  input: UpdateMessageInput,
) {
  if (!isUuid(id)) throw notFound();
  if (input.companyId && !(await exists(deps.db, 'companies', input.companyId))) {
    throw new AppError('validation_failed', 'No such company.', { fields: { companyId: 'No such company' } });
  }
  if (input.projectId && !(await exists(deps.db, 'projects', input.projectId))) {
    throw new AppError('validation_failed', 'No such project.', { fields: { projectId: 'No such project' } });
  }
  if (!(await updateMessage(deps.db, id, { ...input, by: actor.userId }))) throw notFound();
  return (await messageView(deps.db, id)) ?? Promise.reject(notFound());
}

/** The e-mail a sender gets when staff reply: the reply, then what they wrote, answerable to the staff member. */
export function replyMail(
  m: { name: string; email: string; message: string; createdAt: string },
  reply: { body: string; staffName: string; staffEmail: string },
): OutgoingMail {
  const quoted = m.message
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return {
    to: m.email,
    replyTo: reply.staffEmail,
    subject: 'Re: your message to Coppertone',
    text: `Hello ${m.name},\n\n${reply.body}\n\n${reply.staffName}, Coppertone\n\nYou wrote on ${m.createdAt.slice(0, 10)}:\n${quoted}\n`,
  };
}

/**
 * Replies to the sender by e-mail: the reply is stored and its mail queued in one transaction (so a
 * reply shown in the inbox is one that will be sent), and a new message counts as handled.
 */
export async function replyToMessage(deps: InboxDeps, actor: SessionUser, id: string | undefined, body: string) {
  if (!isUuid(id)) throw notFound();
  return deps.db.transaction().execute(async (trx) => {
    const m = await lockMessage(trx, id);
    if (!m) throw notFound();
    const staff = await staffMember(trx, actor.userId);
    const row = await insertReply(trx, { messageId: id, authorId: actor.userId, body });
    const mail = replyMail(
      { ...m, createdAt: m.created_at.toISOString() },
      { body, staffName: staff.name, staffEmail: staff.email },
    );
    await deps.jobs.send(SEND_MAIL_JOB, mail, { trx });
    if (m.status === 'new') await updateMessage(trx, id, { status: 'handled', read: true, by: actor.userId });
    return { id: row.id };
  });
}
