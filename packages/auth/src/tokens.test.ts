import { describe, expect, it } from 'vitest';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

describe('session and link tokens', () => {
  it('stores SHA-256 of the token (the standard test vector), never the token', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const { token, hash } = newToken();
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
  });

  it('makes 256-bit URL-safe tokens, each different', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newToken().token));
    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(looksLikeToken(t)).toBe(true);
  });

  it('refuses anything not shaped like one before the database is asked', () => {
    const { token } = newToken();
    for (const bad of [undefined, '', token.slice(1), `${token}x`, `${token.slice(1)}=`, "' or 1=1 --", 42]) {
      expect(looksLikeToken(bad)).toBe(false);
    }
  });
});
