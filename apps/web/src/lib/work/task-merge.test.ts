import { describe, expect, it } from 'vitest';
import type { Task } from '#lib/api/work.ts';
import { conflictFields, draftOf, editedFields, merge, settle, type TaskDraft } from './task-merge.ts';

// Cast: only the fields the merge reads matter here.
const task = {
  id: 't1',
  projectId: 'p1',
  companyId: 'c1',
  title: 'Write the copy',
  description: 'Home page',
  assigneeId: null,
  assigneeName: null,
  dueOn: '2026-12-24T00:00:00.000Z',
  priority: 'normal',
  status: 'todo',
  visibleToClient: false,
  hoursSpent: 1.5,
  version: 3,
} as Task;
const base = draftOf(task);
const with_ = (over: Partial<TaskDraft>): TaskDraft => ({ ...base, ...over });

describe('draftOf', () => {
  it('gives the form its values: no assignee as Unassigned, the date alone, hours as text', () => {
    expect(base).toMatchObject({ assigneeId: 'none', dueOn: '2026-12-24', hoursSpent: '1.5' });
    expect(draftOf({ ...task, dueOn: null }).dueOn).toBe('');
  });
});

describe('editedFields', () => {
  it('counts only real changes: spaces around text and 1.50 for 1.5 are no change', () => {
    expect(editedFields(base, with_({ title: ' Write the copy ', hoursSpent: '1.50' }))).toEqual([]);
    expect(editedFields(base, with_({ priority: 'high', hoursSpent: '' }))).toEqual(['priority', 'hoursSpent']);
  });
});

describe('merge', () => {
  it('takes their change where the person had not edited, and says which fields changed', () => {
    const m = merge(base, base, with_({ title: 'Write the launch copy', priority: 'urgent' }));
    expect(m.draft).toEqual(with_({ title: 'Write the launch copy', priority: 'urgent' }));
    expect(m.updated).toEqual(['title', 'priority']);
    expect(m.conflicts).toEqual({});
  });

  it('keeps the person’s edits where the other side left the field alone', () => {
    const mine = with_({ description: 'Home and about pages', visibleToClient: true });
    const m = merge(base, mine, with_({ status: 'in_progress' }));
    expect(m.draft).toEqual(
      with_({ description: 'Home and about pages', visibleToClient: true, status: 'in_progress' }),
    );
    expect(m.conflicts).toEqual({});
    expect(m.updated).toEqual(['status']);
  });

  it('makes a field both changed differently a conflict, keeping the person’s value in the form', () => {
    const mine = with_({ priority: 'high', title: 'Mine' });
    const m = merge(base, mine, with_({ priority: 'low', title: 'Mine' }));
    expect(m.draft.priority).toBe('high');
    expect(m.conflicts).toEqual({ priority: 'low' });
    // Both typed the same title: no conflict.
    expect(conflictFields(m.conflicts)).toEqual(['priority']);
  });

  it('keeps an open conflict open across a later change of another field, with their newest value', () => {
    const mine = with_({ priority: 'high' });
    const theirs1 = with_({ priority: 'low' });
    const first = merge(base, mine, theirs1);
    const theirs2 = { ...theirs1, dueOn: '2027-01-05' };
    const second = merge(theirs1, first.draft, theirs2, first.conflicts);
    expect(second.conflicts).toEqual({ priority: 'low' });
    expect(second.draft).toMatchObject({ priority: 'high', dueOn: '2027-01-05' });
    const third = merge(theirs2, second.draft, { ...theirs2, priority: 'urgent' }, second.conflicts);
    expect(third.conflicts).toEqual({ priority: 'urgent' });
  });

  it('settles a conflict by the person’s choice; kept values then survive the next merge', () => {
    const theirs = with_({ priority: 'low' });
    const m = merge(base, with_({ priority: 'high' }), theirs);
    const rest = settle(m.conflicts, 'priority');
    expect(rest).toEqual({});
    const later = merge(theirs, m.draft, { ...theirs, title: 'New' }, rest);
    expect(later.draft).toMatchObject({ priority: 'high', title: 'New' });
    expect(later.conflicts).toEqual({});
  });
});
