import type { Database, Role } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { SessionCache } from './session-cache.ts';
import { findSession, type SessionUser } from './sessions.ts';

export const SESSION_COOKIE = 'cp_session';

export interface AuthEnv {
  Variables: { auth?: SessionUser };
}

/**
 * The one session check every function uses: reads the session cookie, looks the session up (in
 * `cache` when given, else in the database), and exposes `{ userId, role, companyId }` as
 * `c.var.auth` (absent when anonymous).
 */
export function sessionGuard(db: Kysely<Database>, cache?: SessionCache): MiddlewareHandler<AuthEnv> {
  const find = cache ? (token?: string) => cache.find(token) : (token?: string) => findSession(db, token);
  return async (c, next) => {
    const auth = await find(getCookie(c, SESSION_COOKIE));
    if (auth) c.set('auth', auth);
    await next();
  };
}

/** The signed-in user, or 401; with roles given, 403 for anyone else. */
export function requireAuth(c: Context, ...roles: Role[]): SessionUser {
  const auth = c.get('auth') as SessionUser | undefined;
  if (!auth) throw new AppError('unauthenticated', 'Sign in first.');
  if (roles.length && !roles.includes(auth.role)) throw new AppError('forbidden', 'Your role does not allow this.');
  return auth;
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', expires: expiresAt });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure, sameSite: 'Lax', path: '/' });
}

/** Who is asking and all their access depends on, for caching answers per viewer (undefined when anonymous). */
export function viewerKey(c: Context): string | undefined {
  const auth = c.get('auth') as SessionUser | undefined;
  return auth && `${auth.userId}|${auth.role}|${auth.companyId ?? '-'}`;
}
