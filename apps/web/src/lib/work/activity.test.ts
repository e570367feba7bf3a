import { describe, expect, it } from 'vitest';
import type { Activity } from '#lib/api/work.ts';
import { activityText, changeLines, mergeActivity } from './activity.ts';

const entry = (over: Partial<Activity>): Activity => ({
  id: '1',
  action: 'task.updated',
  changes: {},
  at: '2026-01-01T10:00:00Z',
  taskId: 't',
  taskTitle: 'Logo',
  actorName: 'Sam',
  ...over,
});

describe('activity', () => {
  it('says what happened', () => {
    expect(activityText(entry({}))).toBe('changed “Logo”');
    expect(activityText(entry({ action: 'project.created', taskTitle: null }))).toBe('created the project');
  });

  it('shows each change as before and after, in words', () => {
    const names = new Map([['u1', 'Sam Staff']]);
    const lines = changeLines(
      entry({
        changes: {
          status: { from: 'todo', to: 'in_progress' },
          assignee_id: { from: null, to: 'u1' },
          visible_to_client: { from: false, to: true },
        },
      }),
      names,
    );
    expect(lines).toEqual([
      { field: 'Status', from: 'To do', to: 'In progress' },
      { field: 'Assignee', from: 'none', to: 'Sam Staff' },
      { field: 'Visible to client', from: 'no', to: 'yes' },
    ]);
  });

  it('reads changes stored as JSON text, and project statuses', () => {
    const lines = changeLines(
      entry({ action: 'project.updated', changes: '{"status":{"from":"active","to":"on_hold"}}' as never }),
    );
    expect(lines).toEqual([{ field: 'Status', from: 'Active', to: 'On hold' }]);
    expect(changeLines(entry({ changes: 'nope' as never }))).toEqual([]);
    expect(changeLines(entry({ action: 'task.created', changes: { title: { from: null, to: 'Logo' } } }))).toEqual([]);
    expect(changeLines(entry({ changes: { hours_spent: { from: '0.00', to: 3.5 } } }))).toEqual([
      { field: 'Hours spent', from: '0', to: '3.5' },
    ]);
  });
});

describe('mergeActivity', () => {
  it('puts the newest first by id (9 before 10 is not newer) and keeps each entry once', () => {
    const head = [entry({ id: '12' }), entry({ id: '10' })];
    const older = [entry({ id: '10' }), entry({ id: '9' }), entry({ id: '2' })];
    expect(mergeActivity(head, older).map((e) => e.id)).toEqual(['12', '10', '9', '2']);
    expect(mergeActivity([], [])).toEqual([]);
  });
});
