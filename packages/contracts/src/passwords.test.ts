import { describe, expect, it } from 'vitest';
import { brokenPasswordRule, PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

describe('brokenPasswordRule (the rules identity applies and the pages check first)', () => {
  const common = new Set(['password123', 'qwertyuiop']);

  it('names each rule a password breaks', () => {
    expect(brokenPasswordRule('x'.repeat(PASSWORD_MIN - 1))).toBe('short');
    expect(brokenPasswordRule('x'.repeat(PASSWORD_MAX + 1))).toBe('long');
    expect(brokenPasswordRule('Password123', {}, common)).toBe('common');
    expect(brokenPasswordRule('abababababab')).toBe('variety');
    expect(brokenPasswordRule('Ada.Lovelace', { email: 'ada.lovelace@example.com' })).toBe('personal');
    expect(brokenPasswordRule('ada.lovelace@example.com', { email: 'ada.lovelace@example.com' })).toBe('personal');
    expect(brokenPasswordRule('grace hopper', { name: ' Grace Hopper ' })).toBe('personal');
  });

  it('says the first rule broken, in order: length, common, variety, personal', () => {
    expect(brokenPasswordRule('qwerty', {}, new Set(['qwerty']))).toBe('short');
    expect(brokenPasswordRule('aaaaaaaaaaaa', {}, new Set(['aaaaaaaaaaaa']))).toBe('common');
    expect(brokenPasswordRule('qwertyuiop', { name: 'qwertyuiop' }, common)).toBe('common');
  });

  it('accepts a long, varied password of anyone, in any script', () => {
    expect(brokenPasswordRule('coppertone-demo', { email: 'ada@example.com', name: 'Ada' }, common)).toBeUndefined();
    expect(brokenPasswordRule('Zoë—日本語-🚀-long')).toBeUndefined();
    expect(brokenPasswordRule(`${'x'.repeat(PASSWORD_MIN - 4)}abcd`)).toBeUndefined();
  });
});
