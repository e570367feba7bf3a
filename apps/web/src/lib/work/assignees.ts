import type { StaffMember } from '#lib/api/identity.ts';

export interface Option {
  value: string;
  label: string;
}

/** The value of the "Unassigned" choice (a select's value is a string, never null). */
export const UNASSIGNED = 'none';

/**
 * The choices of an assignee select: Unassigned, the signed-in person first as "Me", then the rest
 * of the staff directory by name. Two people with one name are told apart by e-mail. A task's
 * current assignee who is no longer in the directory stays selectable, marked as such, so saving
 * another change does not quietly unassign them.
 */
export function assigneeOptions(
  staff: readonly StaffMember[],
  me: { id: string; name: string },
  current?: { id: string | null; name: string | null },
): Option[] {
  const named = new Map<string, number>();
  for (const person of staff) named.set(person.name, (named.get(person.name) ?? 0) + 1);
  const label = (person: StaffMember) =>
    (named.get(person.name) ?? 0) > 1 ? `${person.name} (${person.email})` : person.name;
  const others = staff
    .filter((person) => person.id !== me.id)
    .map((person) => ({ value: person.id, label: label(person) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const options: Option[] = [{ value: UNASSIGNED, label: 'Unassigned' }];
  if (staff.some((person) => person.id === me.id)) options.push({ value: me.id, label: `Me (${me.name})` });
  options.push(...others);
  if (current?.id && !options.some((o) => o.value === current.id))
    options.push({ value: current.id, label: `${current.name ?? 'Someone'} (no longer staff)` });
  return options;
}
