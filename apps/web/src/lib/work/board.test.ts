import { describe, expect, it } from 'vitest';
import type { Task } from '#lib/api/work.ts';
import {
  applyEvent,
  dateText,
  dropState,
  groupByStatus,
  hoursText,
  isOverdue,
  localToday,
  parseEvent,
  percent,
  TASK_STATUSES,
} from './board.ts';
import { aTask as task } from './testing.ts';

describe('groupByStatus', () => {
  it('puts every task in its column, keeps empty columns, most urgent first', () => {
    const columns = groupByStatus([
      task({ id: 'a', status: 'todo', priority: 'low' }),
      task({ id: 'b', status: 'done' }),
      task({ id: 'c', status: 'todo', priority: 'urgent' }),
      task({ id: 'd', status: 'todo', priority: 'low' }),
    ]);
    expect(columns.todo.map((t) => t.id)).toEqual(['c', 'a', 'd']);
    expect(columns.done.map((t) => t.id)).toEqual(['b']);
    expect(columns.in_progress).toEqual([]);
    expect(columns.blocked).toEqual([]);
    expect(columns.in_review).toEqual([]);
  });
});

describe('dropState', () => {
  const states = (over: Partial<Task>) => TASK_STATUSES.map((column) => dropState(task(over), column));

  it('opens exactly the columns of the moves the server offers, never the card’s own', () => {
    expect(states({ status: 'todo', allowedMoves: ['in_progress', 'blocked'] })).toEqual([
      'origin',
      'open',
      'closed',
      'closed',
      'open',
    ]);
    expect(states({ status: 'done', allowedMoves: ['in_progress'] })).toEqual([
      'closed',
      'open',
      'closed',
      'origin',
      'closed',
    ]);
  });

  it('opens nothing when the server offers no move (a client), whatever the workflow would allow', () => {
    expect(states({ status: 'in_progress', allowedMoves: [] })).toEqual([
      'closed',
      'origin',
      'closed',
      'closed',
      'closed',
    ]);
  });
});

describe('applyEvent', () => {
  const list = [task({ id: 'a', version: 2 }), task({ id: 'b' })];

  it('replaces a changed task in place', () => {
    const next = applyEvent(list, { type: 'task.changed', task: task({ id: 'a', version: 3, status: 'done' }) }, 'p1');
    expect(next.map((t) => [t.id, t.status])).toEqual([
      ['a', 'done'],
      ['b', 'todo'],
    ]);
  });

  it('ignores an older copy than the one shown', () => {
    const next = applyEvent(list, { type: 'task.changed', task: task({ id: 'a', version: 1, status: 'done' }) }, 'p1');
    expect(next).toBe(list);
  });

  it('adds a new task of this project and ignores other projects', () => {
    expect(applyEvent(list, { type: 'task.changed', task: task({ id: 'c' }) }, 'p1')).toHaveLength(3);
    expect(applyEvent(list, { type: 'task.changed', task: task({ id: 'c', projectId: 'p2' }) }, 'p1')).toBe(list);
  });

  it('removes a task that is gone', () => {
    expect(applyEvent(list, { type: 'task.removed', id: 'a', projectId: 'p1' }, 'p1').map((t) => t.id)).toEqual(['b']);
    expect(applyEvent(list, { type: 'task.removed', id: 'zz', projectId: 'p1' }, 'p1')).toBe(list);
    expect(applyEvent(list, { type: 'project.changed', projectId: 'p1' }, 'p1')).toBe(list);
  });
});

describe('parseEvent', () => {
  it('reads the three kinds and refuses the rest', () => {
    expect(parseEvent('task.changed', JSON.stringify(task({})))?.type).toBe('task.changed');
    expect(parseEvent('task.removed', '{"id":"a","projectId":"p"}')).toEqual({
      type: 'task.removed',
      id: 'a',
      projectId: 'p',
    });
    expect(parseEvent('project.changed', '{"projectId":"p"}')).toEqual({ type: 'project.changed', projectId: 'p' });
    expect(parseEvent('task.changed', 'not json')).toBeUndefined();
    expect(parseEvent('task.removed', '{"id":"a"}')).toBeUndefined();
    expect(parseEvent('other', '{}')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('hours, percent and dates', () => {
    expect(hoursText(3.5, null)).toBe('3.5 hours used');
    expect(hoursText(1, null)).toBe('1 hour used');
    expect(hoursText(12.25, 40)).toBe('12.25 of 40 hours used');
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
    expect(dateText('2026-03-12')).toBe('12 Mar 2026');
    expect(dateText(null)).toBe('');
  });
});

describe('isOverdue', () => {
  const today = '2026-12-01';
  it('marks an unfinished task whose due date has passed', () => {
    for (const status of ['todo', 'in_progress', 'in_review', 'blocked'] as const) {
      expect(isOverdue({ status, dueOn: '2026-11-30' }, today), status).toBe(true);
    }
  });

  it('does not mark a task due today or later, without a date, or done', () => {
    expect(isOverdue({ status: 'todo', dueOn: today }, today)).toBe(false);
    expect(isOverdue({ status: 'todo', dueOn: '2027-01-15' }, today)).toBe(false);
    expect(isOverdue({ status: 'todo', dueOn: null }, today)).toBe(false);
    expect(isOverdue({ status: 'done', dueOn: '2020-01-01' }, today)).toBe(false);
  });

  it("takes today's date where the reader is, not in UTC", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
    expect(localToday(new Date(2026, 11, 31, 0, 10))).toBe('2026-12-31');
  });
});
