import { PASSWORD_MAX } from '@coppertone/contracts';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

describe('passwords', () => {
  it('hashes with argon2id at the OWASP baseline and verifies', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterx')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });

  it('refuses short, over-long, common and personal passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('x'.repeat(PASSWORD_MAX + 1))).toMatch(/at most 256/);
    expect(passwordProblem('1234567890')).toMatch(/too common/);
    expect(passwordProblem('Password123')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/variety/);
    expect(passwordProblem('ada.lovelace', { email: 'ada.lovelace@example.com' })).toMatch(/name or e-mail/);
    expect(passwordProblem('coppertone-demo')).toBeUndefined();
    expect(passwordProblem('Zoë—日本語-🚀-long')).toBeUndefined();
  });
});

describe('tokens', () => {
  it('are 256-bit URL-safe values stored only as their SHA-256', () => {
    const { token, hash } = newToken();
    expect(looksLikeToken(token)).toBe(true);
    expect(hash).toBe(hashToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken().token).not.toBe(token);
  });

  it('rejects malformed tokens before any lookup', () => {
    expect(looksLikeToken(undefined)).toBe(false);
    expect(looksLikeToken('abc')).toBe(false);
    expect(looksLikeToken(`${newToken().token.slice(0, 42)}!`)).toBe(false);
    expect(looksLikeToken(`${newToken().token}x`)).toBe(false);
  });
});
