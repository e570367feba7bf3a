import {
  clearSessionCookie,
  revokeSession,
  revokeUserSessions,
  SESSION_COOKIE,
  setSessionCookie,
} from '@coppertone/auth';
import { clientAddress, defineRoute, type FunctionApp, requestLog } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { emailField, existingPassword, userResponse } from '../accounts/accounts.schema.ts';
import { type IdentityDeps, secureCookies } from '../context.ts';
import { signedIn } from '../policy.ts';
import { login } from './sessions.service.ts';

const sessionResponse = z
  .object({
    userId: z.string().uuid(),
    role: z.enum(['client', 'staff', 'admin']),
    companyId: z.string().uuid().nullable(),
  })
  .openapi('Session');

const loginInput = z.object({ email: emailField, password: existingPassword }).openapi('LoginInput');

export function registerSessionRoutes(app: FunctionApp, deps: IdentityDeps): void {
  const secure = secureCookies(deps);

  defineRoute(app, {
    method: 'post',
    path: '/login',
    summary: 'Sign in; sets the session cookie',
    tags: ['sessions'],
    body: loginInput,
    responses: {
      200: { description: 'Signed in', schema: userResponse },
      400: 'Invalid fields',
      401: 'E-mail or password is wrong',
      403: 'E-mail not confirmed yet',
      429: 'Too many attempts for this account or address (see Retry-After)',
    },
    handle: async ({ c, body }) => {
      const { user, session } = await login(deps, body, {
        userAgent: c.req.header('user-agent'),
        remoteAddress: clientAddress(c, deps.trustProxy),
        previousToken: getCookie(c, SESSION_COOKIE),
      });
      setSessionCookie(c, session.token, session.expiresAt, secure);
      requestLog(c).info({ userId: user.id }, 'signed in');
      return c.json({ user });
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/session',
    summary:
      'Who this session belongs to (user id, role, company), answered by the session check alone: the cheap "am I signed in" call',
    tags: ['sessions'],
    authenticate: signedIn('session.read'),
    responses: { 200: { description: 'Signed in', schema: sessionResponse }, 401: 'Not signed in' },
    handle: async ({ c, actor }) => {
      c.header('cache-control', 'no-store');
      return c.json({ userId: actor.userId, role: actor.role, companyId: actor.companyId });
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/logout',
    summary: 'Sign out: the session is revoked on the server',
    tags: ['sessions'],
    authenticate: signedIn('session.end'),
    responses: { 204: 'Signed out', 401: 'Not signed in' },
    handle: async ({ c, actor }) => {
      await revokeSession(deps.db, actor.sessionId);
      clearSessionCookie(c, secure);
      return c.body(null, 204);
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/logout-all',
    summary: 'Sign out everywhere: every session of the user is revoked',
    tags: ['sessions'],
    authenticate: signedIn('session.end'),
    responses: {
      200: { description: 'Signed out', schema: z.object({ revoked: z.number() }) },
      401: 'Not signed in',
    },
    handle: async ({ c, actor }) => {
      const revoked = await revokeUserSessions(deps.db, actor.userId);
      clearSessionCookie(c, secure);
      return c.json({ revoked });
    },
  });
}
