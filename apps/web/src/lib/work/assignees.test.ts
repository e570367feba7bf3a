import { describe, expect, it } from 'vitest';
import { assigneeOptions, UNASSIGNED } from './assignees.ts';

const sam = { id: 's1', name: 'Sam Staff', email: 'sam@coppertone.test' };
const avery = { id: 'a1', name: 'Avery Admin', email: 'avery@coppertone.test' };
const zoe = { id: 'z1', name: 'Zoë Quinn', email: 'zoe@coppertone.test' };

describe('assigneeOptions', () => {
  it('offers Unassigned, then me, then everyone else in the directory by name', () => {
    expect(assigneeOptions([zoe, sam, avery], sam)).toEqual([
      { value: UNASSIGNED, label: 'Unassigned' },
      { value: 's1', label: 'Me (Sam Staff)' },
      { value: 'a1', label: 'Avery Admin' },
      { value: 'z1', label: 'Zoë Quinn' },
    ]);
  });

  it('tells two people with the same name apart by e-mail', () => {
    const other = { id: 's2', name: 'Sam Staff', email: 'sam.b@coppertone.test' };
    const labels = assigneeOptions([sam, other, avery], avery).map((o) => o.label);
    expect(labels).toEqual([
      'Unassigned',
      'Me (Avery Admin)',
      'Sam Staff (sam.b@coppertone.test)',
      'Sam Staff (sam@coppertone.test)',
    ]);
  });

  it('keeps a current assignee who left the directory, marked so', () => {
    const options = assigneeOptions([sam], sam, { id: 'x1', name: 'Former Person' });
    expect(options.at(-1)).toEqual({ value: 'x1', label: 'Former Person (no longer staff)' });
    expect(assigneeOptions([sam, zoe], sam, { id: 'z1', name: 'Zoë Quinn' })).toHaveLength(3);
  });

  it('does not offer "Me" to someone outside the directory', () => {
    const client = { id: 'c1', name: 'Casey Client' };
    expect(assigneeOptions([sam], client).map((o) => o.value)).toEqual([UNASSIGNED, 's1']);
  });
});
