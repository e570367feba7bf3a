/** Where people go after signing in, and which `?next=` values may be followed. */
import type { User } from '#lib/api/identity.ts';

/** Paths answered by the client-rendered shell (mirrors the server's SPA prefixes). */
export const APP_PREFIXES = ['/portal', '/staff', '/account', '/auth'] as const;

export const LOGIN_PATH = '/auth/login';

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** True for paths of the client-rendered areas; anything else is a separate (static) document. */
export function isAppPath(path: string): boolean {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  return APP_PREFIXES.some((prefix) => under(pathname, prefix));
}

/** Clients land in the portal; staff and admins in the staff workspace. */
export function landingFor(user: Pick<User, 'role'>): '/portal' | '/staff' {
  return user.role === 'client' ? '/portal' : '/staff';
}

/**
 * A `?next=` value that is safe to follow: a path on this site (never another origin, including
 * the `//host` and `/\host` forms browsers treat as one), not the sign-in pages themselves (no
 * loops) and not the API. Anything else gives undefined.
 */
export function safeNext(raw: string | null | undefined): string | undefined {
  if (!raw || raw.length > 2000) return undefined;
  // Backslashes and control characters are normalised away by browsers in surprising ways.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (!raw.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(raw) || raw.startsWith('//')) return undefined;
  const base = 'https://same-site.invalid';
  const url = URL.parse(raw, base);
  if (!url || url.origin !== base) return undefined;
  if (under(url.pathname, '/auth') || under(url.pathname, '/api') || under(url.pathname, '/dev')) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Where to go once signed in: the `next` path when it is safe, otherwise the user's landing page. */
export function destinationFor(user: Pick<User, 'role'>, next: string | null | undefined): string {
  return safeNext(next) ?? landingFor(user);
}

/** The sign-in page, coming back to `path` afterwards. */
export function loginUrl(path?: string): string {
  const next = safeNext(path);
  return next ? `${LOGIN_PATH}?next=${encodeURIComponent(next)}` : LOGIN_PATH;
}
