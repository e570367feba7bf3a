import type { SessionUser } from '@coppertone/auth';
import { describe, expect, it } from 'vitest';
import { authorize, can, scopeFor, WORK_POLICY } from './policy.ts';
import { canMove, TASK_STATUSES, TRANSITIONS } from './tasks/transitions.ts';

const user = (role: SessionUser['role'], companyId: string | null = null): SessionUser => ({
  sessionId: 's',
  userId: 'u',
  role,
  companyId,
});

describe('work policy', () => {
  it('lets clients only read, and only through their company scope', () => {
    const client = user('client', 'c1');
    const allowed = Object.keys(WORK_POLICY).filter((a) => can(client, a as keyof typeof WORK_POLICY));
    expect(allowed.sort()).toEqual([
      'comment.list',
      'events.subscribe',
      'project.list',
      'project.read',
      'task.list',
      'task.read',
    ]);
    expect(scopeFor(client)).toEqual({ kind: 'company', companyId: 'c1' });
    expect(() => authorize(client, 'task.update')).toThrow(/does not allow/);
  });

  it('lets staff and admins do everything in the work area, unscoped', () => {
    for (const role of ['staff', 'admin'] as const) {
      for (const action of Object.keys(WORK_POLICY))
        expect(can(user(role), action as keyof typeof WORK_POLICY)).toBe(true);
      expect(scopeFor(user(role))).toEqual({ kind: 'all' });
    }
  });
});

describe('task transitions', () => {
  it('follows todo → in_progress → in_review → done, with blocked and reopen', () => {
    expect(canMove('todo', 'in_progress')).toBe(true);
    expect(canMove('in_progress', 'in_review')).toBe(true);
    expect(canMove('in_review', 'done')).toBe(true);
    expect(canMove('in_progress', 'done')).toBe(true);
    expect(canMove('done', 'in_progress')).toBe(true);
    expect(canMove('todo', 'blocked')).toBe(true);
    expect(canMove('blocked', 'in_progress')).toBe(true);
  });

  it('refuses skipping ahead or leaving done except by reopening', () => {
    expect(canMove('todo', 'done')).toBe(false);
    expect(canMove('todo', 'in_review')).toBe(false);
    expect(canMove('done', 'todo')).toBe(false);
    expect(canMove('done', 'blocked')).toBe(false);
    expect(canMove('blocked', 'done')).toBe(false);
  });

  it('has an entry for every status and only known targets', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...TASK_STATUSES].sort());
    for (const targets of Object.values(TRANSITIONS)) for (const t of targets) expect(TASK_STATUSES).toContain(t);
  });
});
