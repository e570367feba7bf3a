import { describe, expect, it } from 'vitest';
import { dateText } from '#lib/work/board.ts';
import { formatDate, formatDateTime } from './dates.ts';

describe('one date format across the app', () => {
  it('writes a day as "6 Dec 2026", whether it comes as a date or a timestamp at midnight UTC', () => {
    expect(formatDate('2026-12-06')).toBe('6 Dec 2026');
    expect(dateText('2026-12-06')).toBe('6 Dec 2026');
    // A task's due date as a timestamp is still that day, in any time zone.
    expect(dateText('2026-12-06T00:00:00.000Z')).toBe('6 Dec 2026');
  });

  it('writes a moment as "6 Dec 2026, 03:36" (24-hour clock) in the viewer’s time zone', () => {
    expect(formatDateTime('2026-12-06T03:36:00Z', 'UTC')).toBe('6 Dec 2026, 03:36');
    expect(formatDateTime('2026-12-06T03:36:00Z', 'America/New_York')).toBe('5 Dec 2026, 22:36');
  });

  it('leaves a value it cannot read as it is', () => {
    expect(formatDateTime('soon')).toBe('soon');
    expect(dateText('next week')).toBe('next week');
  });
});
