import type { Scope } from '../policy.ts';
import type { WorkEvent } from './events.types.ts';

export type Delivery = { event: string; data: unknown } | undefined;

/**
 * What one viewer receives of an event: staff everything; a client only their own company's
 * events, task details only while the task is visible to them, and a removal when it stops being so.
 */
export function deliveryFor(scope: Scope, e: WorkEvent): Delivery {
  if (scope.kind === 'all')
    return e.type === 'task.changed'
      ? { event: e.type, data: e.task }
      : { event: e.type, data: { projectId: e.projectId } };
  if (!scope.companyId || e.companyId !== scope.companyId) return undefined;
  if (e.type === 'project.changed') return { event: e.type, data: { projectId: e.projectId } };
  if (e.task.visibleToClient) return { event: 'task.changed', data: e.task };
  if (e.wasVisible) return { event: 'task.removed', data: { id: e.task.id, projectId: e.projectId } };
  return undefined;
}
