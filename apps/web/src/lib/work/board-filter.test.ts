import { describe, expect, it } from 'vitest';
import type { Task } from '#lib/api/work.ts';
import { UNASSIGNED } from './assignees.ts';
import { applyFilter, filterFromUrl, movesLayout, urlWithFilter } from './board-filter.ts';
import { aTask as task } from './testing.ts';

const tasks = [
  task({ id: 'a', assigneeId: 'u1', priority: 'high' }),
  task({ id: 'b', assigneeId: 'u2', priority: 'high' }),
  task({ id: 'c', assigneeId: 'u1', priority: 'low' }),
  task({ id: 'd', priority: 'high' }),
];
const ids = (list: readonly Task[]) => list.map((t) => t.id);

describe('board filters', () => {
  it('keep every task when nothing is chosen, and combine assignee and priority', () => {
    expect(ids(applyFilter(tasks, { assignee: '', priority: '' }))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(applyFilter(tasks, { assignee: 'u1', priority: '' }))).toEqual(['a', 'c']);
    expect(ids(applyFilter(tasks, { assignee: '', priority: 'high' }))).toEqual(['a', 'b', 'd']);
    expect(ids(applyFilter(tasks, { assignee: 'u1', priority: 'high' }))).toEqual(['a']);
    expect(ids(applyFilter(tasks, { assignee: UNASSIGNED, priority: '' }))).toEqual(['d']);
  });

  it('round-trip through the URL, keeping other parameters and ignoring an unknown priority', () => {
    const url = urlWithFilter(new URL('https://x.test/p?tab=1&priority=low'), { assignee: 'u1', priority: '' });
    expect(url.search).toBe('?tab=1&assignee=u1');
    expect(filterFromUrl(url.searchParams)).toEqual({ assignee: 'u1', priority: '' });
    expect(filterFromUrl(new URLSearchParams('priority=huge'))).toEqual({ assignee: '', priority: '' });
    expect(filterFromUrl(new URLSearchParams('priority=urgent')).priority).toBe('urgent');
  });
});

describe('a card’s moves', () => {
  it('show at most two, the usual next steps first, and keep every other offered move in the menu', () => {
    const layout = (status: Task['status'], allowedMoves: Task['allowedMoves']) =>
      movesLayout(task({ status, allowedMoves }));
    expect(layout('todo', ['in_progress', 'blocked'])).toEqual({ shown: ['in_progress', 'blocked'], more: [] });
    expect(layout('in_progress', ['todo', 'in_review', 'done', 'blocked'])).toEqual({
      shown: ['in_review', 'done'],
      more: ['todo', 'blocked'],
    });
  });

  it('offer only what the server offers: none invented, none lost', () => {
    expect(movesLayout(task({ status: 'in_progress', allowedMoves: [] }))).toEqual({ shown: [], more: [] });
    const { shown, more } = movesLayout(task({ status: 'in_review', allowedMoves: ['blocked', 'todo'] }));
    expect([...shown, ...more].sort()).toEqual(['blocked', 'todo']);
  });
});
