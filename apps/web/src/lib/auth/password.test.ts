import { PASSWORD_MAX } from '@coppertone/contracts';
import { describe, expect, it, vi } from 'vitest';
import { commonPasswords, passwordProblem } from './password.ts';

describe('passwordProblem', () => {
  const common = new Set(['password123', 'qwertyuiop']);

  it('mirrors the server: length, common passwords, variety, personal details', () => {
    expect(passwordProblem('')).toMatch(/choose a password/);
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('x'.repeat(PASSWORD_MAX + 1))).toMatch(/at most 256/);
    expect(passwordProblem('Password123', {}, common)).toMatch(/most common/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/variety/);
    expect(passwordProblem('Ada.Lovelace', { email: 'ada.lovelace@example.com' })).toMatch(/name or e-mail/);
    expect(passwordProblem('ada@example.com', { email: 'ada@example.com' })).toMatch(/name or e-mail/);
    expect(passwordProblem('Ada Lovelace', { name: ' Ada Lovelace ' })).toMatch(/name or e-mail/);
  });

  it('accepts good passwords, unicode included', () => {
    expect(passwordProblem('coppertone-demo', {}, common)).toBeUndefined();
    expect(passwordProblem('Zoë—日本語-🚀-long')).toBeUndefined();
    expect(passwordProblem('correct horse battery', { name: 'Ada', email: 'ada@example.com' })).toBeUndefined();
  });
});

describe('commonPasswords', () => {
  it('fetches the list once and keeps it', async () => {
    const fetchList = vi.fn(async () => Response.json(['password123', 42]));
    const first = await commonPasswords(fetchList as unknown as typeof fetch);
    const second = await commonPasswords(fetchList as unknown as typeof fetch);
    expect(first.has('password123')).toBe(true);
    expect(first.size).toBe(1);
    expect(second).toBe(first);
    expect(fetchList).toHaveBeenCalledTimes(1);
  });
});
