import type { ContactStatus, Database } from '@coppertone/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { InboxView } from './inbox.schema.ts';

const EXCERPT = 160;

/** `%text%` for ILIKE, with the pattern's own wildcards taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** A page of messages, newest first, narrowed to a view and to those containing `q` anywhere. */
export async function listMessages(
  db: Kysely<Database>,
  opts: { view: InboxView; q?: string; page: number; pageSize: number },
) {
  let query = db.selectFrom('contact_messages as m');
  if (opts.view === 'inbox') query = query.where('m.status', '=', 'new');
  else if (opts.view !== 'all') query = query.where('m.status', '=', opts.view);
  if (opts.q) {
    const p = containing(opts.q);
    query = query.where((eb) =>
      eb.or([
        eb('m.name', 'ilike', p),
        eb('m.email', 'ilike', p),
        eb('m.company', 'ilike', p),
        eb('m.message', 'ilike', p),
      ]),
    );
  }
  const [rows, count, unread] = await Promise.all([
    query
      .select((eb) => [
        'm.id',
        'm.name',
        'm.email',
        'm.company',
        sql<string>`left(m.message, ${EXCERPT})`.as('excerpt'),
        'm.status',
        'm.read_at',
        'm.created_at',
        eb
          .selectFrom('contact_replies as r')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('r.message_id', '=', 'm.id')
          .as('replies'),
      ])
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('contact_messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'new')
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      company: r.company,
      excerpt: r.excerpt,
      status: r.status,
      read: r.read_at !== null,
      replies: Number(r.replies ?? 0),
      createdAt: r.created_at.toISOString(),
    })),
    total: Number(count.n),
    unread: Number(unread.n),
  };
}

/** One message with what was made from it and its replies, or undefined. */
export async function messageView(db: Kysely<Database>, id: string) {
  const m = await db
    .selectFrom('contact_messages as m')
    .leftJoin('companies as c', 'c.id', 'm.company_id')
    .leftJoin('projects as p', 'p.id', 'm.project_id')
    .leftJoin('users as u', 'u.id', 'm.status_changed_by')
    .select([
      'm.id',
      'm.name',
      'm.email',
      'm.company',
      'm.message',
      'm.status',
      'm.read_at',
      'm.status_changed_at',
      'u.name as changedBy',
      'm.created_at',
      'c.id as companyId',
      'c.name as companyName',
      'p.id as projectId',
      'p.name as projectName',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!m) return undefined;
  const replies = await db
    .selectFrom('contact_replies as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.id', 'r.body', 'u.name as author', 'r.created_at'])
    .where('r.message_id', '=', id)
    .orderBy('r.created_at')
    .execute();
  return {
    id: m.id,
    name: m.name,
    email: m.email,
    company: m.company,
    message: m.message,
    status: m.status,
    readAt: m.read_at?.toISOString() ?? null,
    statusChangedAt: m.status_changed_at?.toISOString() ?? null,
    statusChangedBy: m.changedBy,
    createdAt: m.created_at.toISOString(),
    clientCompany: m.companyId && m.companyName ? { id: m.companyId, name: m.companyName } : null,
    project: m.projectId && m.projectName ? { id: m.projectId, name: m.projectName } : null,
    replies: replies.map((r) => ({ id: r.id, body: r.body, author: r.author, createdAt: r.created_at.toISOString() })),
  };
}

export type MessageView = NonNullable<Awaited<ReturnType<typeof messageView>>>;

/** Marks a message read the first time staff open it (later opens keep the first time). */
export async function markRead(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('contact_messages')
    .set({ read_at: sql`now()` })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
}

export async function updateMessage(
  db: Kysely<Database>,
  id: string,
  change: {
    status?: ContactStatus;
    read?: boolean;
    companyId?: string;
    projectId?: string;
    by: string;
  },
): Promise<boolean> {
  const res = await db
    .updateTable('contact_messages')
    .set({
      ...(change.status ? { status: change.status, status_changed_at: sql`now()`, status_changed_by: change.by } : {}),
      ...(change.read === undefined ? {} : { read_at: change.read ? sql`coalesce(read_at, now())` : null }),
      ...(change.companyId ? { company_id: change.companyId } : {}),
      ...(change.projectId ? { project_id: change.projectId } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export const exists = async (db: Kysely<Database>, table: 'companies' | 'projects', id: string) =>
  !!(await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());

/** The message a reply answers, its row locked until the transaction ends; undefined when there is none. */
export function lockMessage(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('contact_messages')
    .select(['id', 'name', 'email', 'message', 'created_at', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The name and address a reply is signed and sent with. */
export function staffMember(db: Kysely<Database>, userId: string) {
  return db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
}

export function insertReply(trx: Transaction<Database>, reply: { messageId: string; authorId: string; body: string }) {
  return trx
    .insertInto('contact_replies')
    .values({ message_id: reply.messageId, author_id: reply.authorId, body: reply.body })
    .returning('id')
    .executeTakeFirstOrThrow();
}
