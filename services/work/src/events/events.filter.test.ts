import { describe, expect, it } from 'vitest';
import type { TaskView } from '../tasks/tasks.repo.ts';
import { deliveryFor } from './events.filter.ts';
import type { WorkEvent } from './events.types.ts';

const task = (visibleToClient: boolean): TaskView => ({
  id: 't1',
  projectId: 'p1',
  companyId: 'A',
  title: 'Internal',
  description: '',
  assigneeId: null,
  assigneeName: null,
  dueOn: null,
  priority: 'normal',
  status: 'in_progress',
  visibleToClient,
  hoursSpent: 0,
  version: 2,
  createdAt: new Date('2026-11-01T10:00:00Z'),
  updatedAt: new Date('2026-11-01T10:00:00Z'),
});
const changed = (visible: boolean, wasVisible: boolean): WorkEvent => ({
  type: 'task.changed',
  companyId: 'A',
  projectId: 'p1',
  wasVisible,
  task: task(visible),
});

describe('live update delivery', () => {
  it('gives staff every event in full', () => {
    expect(deliveryFor({ kind: 'all' }, changed(false, false))).toEqual({ event: 'task.changed', data: task(false) });
  });

  it("gives a client their company's visible tasks only", () => {
    const a = { kind: 'company', companyId: 'A' } as const;
    expect(deliveryFor(a, changed(true, true))).toMatchObject({ event: 'task.changed' });
    expect(deliveryFor(a, changed(false, false))).toBeUndefined();
    expect(deliveryFor({ kind: 'company', companyId: 'B' }, changed(true, true))).toBeUndefined();
    expect(deliveryFor({ kind: 'company', companyId: null }, changed(true, true))).toBeUndefined();
  });

  it('tells a client to drop a task that stopped being visible, without its details', () => {
    const d = deliveryFor({ kind: 'company', companyId: 'A' }, changed(false, true));
    expect(d).toEqual({ event: 'task.removed', data: { id: 't1', projectId: 'p1' } });
    expect(JSON.stringify(d)).not.toContain('Internal');
  });
});
