import type { SessionUser } from '@coppertone/auth';
import { AppError } from '@coppertone/http';

/**
 * Who may do what in the work area: one table, read by every handler through `authorize`.
 * Clients act only inside their own company and see only what staff marked visible to them;
 * the scoping itself is applied by the queries (`scopeFor`), the table decides the verbs.
 */
export const WORK_POLICY = {
  'company.list': ['staff', 'admin'],
  'company.create': ['staff', 'admin'],
  'company.read': ['staff', 'admin'],
  'project.list': ['client', 'staff', 'admin'],
  'project.read': ['client', 'staff', 'admin'],
  'project.create': ['staff', 'admin'],
  'project.update': ['staff', 'admin'],
  'project.activity': ['staff', 'admin'],
  'task.list': ['client', 'staff', 'admin'],
  'task.read': ['client', 'staff', 'admin'],
  'task.create': ['staff', 'admin'],
  'task.update': ['staff', 'admin'],
  'task.mine': ['staff', 'admin'],
  'comment.list': ['client', 'staff', 'admin'],
  'comment.create': ['staff', 'admin'],
  'events.subscribe': ['client', 'staff', 'admin'],
} as const satisfies Record<string, ReadonlyArray<SessionUser['role']>>;

export type WorkAction = keyof typeof WORK_POLICY;

export const can = (actor: SessionUser, action: WorkAction): boolean =>
  (WORK_POLICY[action] as ReadonlyArray<string>).includes(actor.role);

/** Throws 403 unless the table allows the action. Call after the resource is known to be visible (else 404). */
export function authorize(actor: SessionUser, action: WorkAction): void {
  if (!can(actor, action)) throw new AppError('forbidden', 'Your role does not allow this.');
}

/** What a viewer may see: everything (staff) or one company's client-visible part (client). */
export type Scope = { kind: 'all' } | { kind: 'company'; companyId: string | null };

export const scopeFor = (actor: SessionUser): Scope =>
  actor.role === 'client' ? { kind: 'company', companyId: actor.companyId } : { kind: 'all' };
