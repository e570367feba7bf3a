import { hash, randomBytes } from 'node:crypto';

/** SHA-256 of a token: what the database keeps. Tokens are 256 random bits, so a fast hash suffices. */
// One-shot `hash`: no Hash object per call (the session check hashes the cookie on every request).
export const hashToken = (token: string): string => hash('sha256', token, 'hex');

/** A new opaque token (URL-safe) and the hash to store for it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Cheap shape check before touching the database: tampered or truncated tokens stop here. */
export const looksLikeToken = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
