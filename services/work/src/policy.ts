import { definePolicy, EVERYONE, type SessionUser, STAFF } from '@coppertone/auth';
import type { TaskStatus } from '@coppertone/db';
import { TRANSITIONS } from './tasks/transitions.ts';

/**
 * Who may do what in the work area: one table, read by every handler through `authorize`.
 * Clients act only inside their own company and see only what staff marked visible to them;
 * the scoping itself is applied by the queries (`scopeFor`), the table decides the verbs.
 */
export const workPolicy = definePolicy({
  'company.list': STAFF,
  'company.create': STAFF,
  'company.read': STAFF,
  'project.list': EVERYONE,
  'project.read': EVERYONE,
  'project.create': STAFF,
  'project.update': STAFF,
  'project.activity': STAFF,
  // Billing decides the invoice itself; work only tells a page whether to offer it.
  'project.invoiceHours': STAFF,
  'task.list': EVERYONE,
  'task.read': EVERYONE,
  'task.create': STAFF,
  'task.update': STAFF,
  'task.mine': STAFF,
  'comment.list': EVERYONE,
  'comment.create': STAFF,
  'events.subscribe': EVERYONE,
});

export const WORK_POLICY = workPolicy.table;
export type WorkAction = keyof typeof WORK_POLICY;

export const can = (actor: SessionUser, action: WorkAction): boolean => workPolicy.can(actor, action);

/** Throws 403 unless the table allows the action. Call after the resource is known to be visible (else 404). */
export const authorize = (actor: SessionUser, action: WorkAction): void => workPolicy.authorize(actor, action);

/** What a page may offer on a project: each flag is the action the server would accept. */
export const projectCan = (actor: SessionUser) =>
  workPolicy.flags(actor, {
    edit: 'project.update',
    addTask: 'task.create',
    changeStatus: 'task.update',
    invoiceHours: 'project.invoiceHours',
  });

/** The statuses the actor may move a task to now: the workflow's next steps, for those who may change tasks. */
export const allowedMoves = (actor: SessionUser, status: TaskStatus): TaskStatus[] =>
  can(actor, 'task.update') ? [...TRANSITIONS[status]] : [];

/** What a viewer may see: everything (staff) or one company's client-visible part (client). */
export type Scope = { kind: 'all' } | { kind: 'company'; companyId: string | null };

export const scopeFor = (actor: SessionUser): Scope =>
  actor.role === 'client' ? { kind: 'company', companyId: actor.companyId } : { kind: 'all' };

/** A task as the actor receives it: with the moves the server would accept from them. */
export const presentTask = <T extends { status: TaskStatus }>(actor: SessionUser, task: T) => ({
  ...task,
  allowedMoves: allowedMoves(actor, task.status),
});

/** A project as the actor receives it: with the actions a page may offer them. */
export const presentProject = <T extends object>(actor: SessionUser, project: T) => ({
  ...project,
  can: projectCan(actor),
});
