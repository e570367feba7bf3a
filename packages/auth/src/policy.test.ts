import { describe, expect, it } from 'vitest';
import { definePolicy } from './policy.ts';
import type { SessionUser } from './sessions.ts';

const user = (role: SessionUser['role'], companyId: string | null = null): SessionUser => ({
  sessionId: 's',
  userId: 'u',
  role,
  companyId,
});

const policy = definePolicy({
  'invoice.create': ['staff', 'admin'],
  'invoice.read': ['client', 'staff', 'admin'],
  'invoice.pay': {
    roles: ['client'],
    when: (actor, invoice: { companyId: string }) => actor.companyId === invoice.companyId,
  },
});

describe('definePolicy', () => {
  it('allows an action to the roles in its rule and refuses it to the others with 403', () => {
    expect(policy.can(user('staff'), 'invoice.create')).toBe(true);
    expect(policy.can(user('client', 'c1'), 'invoice.create')).toBe(false);
    expect(() => policy.authorize(user('client', 'c1'), 'invoice.create')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => policy.authorize(user('admin'), 'invoice.create')).not.toThrow();
  });

  it('checks a predicate rule against the resource, only for the roles it names', () => {
    expect(policy.can(user('client', 'c1'), 'invoice.pay', { companyId: 'c1' })).toBe(true);
    expect(policy.can(user('client', 'c2'), 'invoice.pay', { companyId: 'c1' })).toBe(false);
    expect(policy.can(user('staff'), 'invoice.pay', { companyId: 'c1' })).toBe(false);
  });

  it('answers named flags for a response, each the verdict of its action', () => {
    expect(policy.flags(user('client', 'c1'), { create: 'invoice.create', read: 'invoice.read' })).toEqual({
      create: false,
      read: true,
    });
  });

  it('refuses an action the table does not name instead of quietly denying it', () => {
    expect(() => policy.can(user('admin'), 'invoice.delete' as 'invoice.create')).toThrow(/No policy rule/);
  });
});
