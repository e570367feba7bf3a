/** Where people go after signing in, and which `?next=` values may be followed. */
import { APP_PREFIXES } from '@coppertone/contracts';
import type { User } from '#lib/api/identity.ts';

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

const SITE = 'https://same-site.invalid';
/** Deeper nesting of percent-encoding than this is refused rather than unwrapped further. */
const MAX_DECODES = 4;

// Backslashes and control characters are normalised away by browsers in surprising ways.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const unsafeCharacters = /[\\\u0000-\u001f\u007f]/;

/** `s` with percent-encoding undone until nothing changes; undefined when malformed or nested too deep. */
function fullyDecoded(s: string): string | undefined {
  let current = s;
  for (let i = 0; i <= MAX_DECODES; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined;
}

/** A path that names a place on this site: not `//host` (another origin to a browser) nor `/\host`. */
const isLocalPath = (path: string) => path.startsWith('/') && !path.startsWith('//') && !unsafeCharacters.test(path);

const isRefusedArea = (path: string) => under(path, '/auth') || under(path, '/api') || under(path, '/dev');

/**
 * A `?next=` value that is safe to follow: a path on this site, not the sign-in pages themselves (no
 * loops) and not the API. Anything else gives undefined. The path is judged as a browser will
 * resolve it: dot segments are resolved first (`/.//evil.example` resolves to `//evil.example`,
 * another origin), and judged again with every layer of percent-encoding undone (`/%2F%2Fhost`,
 * `/%2e%2e//host`, double encoding), so no spelling of another origin gets through, whichever layer a
 * router or server later decodes.
 */
export function safeNext(raw: string | null | undefined): string | undefined {
  if (!raw || raw.length > 2000 || !isLocalPath(raw)) return undefined;
  const url = URL.parse(raw, SITE);
  if (!url || url.origin !== SITE || !isLocalPath(url.pathname)) return undefined;
  const decoded = fullyDecoded(url.pathname);
  if (decoded === undefined || !isLocalPath(decoded)) return undefined;
  const resolved = URL.parse(decoded, SITE);
  if (!resolved || resolved.origin !== SITE || !isLocalPath(resolved.pathname)) return undefined;
  if (isRefusedArea(url.pathname) || isRefusedArea(resolved.pathname)) return undefined;
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
