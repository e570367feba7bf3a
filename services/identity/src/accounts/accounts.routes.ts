import { setSessionCookie } from '@coppertone/auth';
import { AppError, clientAddress, defineRoute, enforceRateLimit, type FunctionApp } from '@coppertone/http';
import { type IdentityDeps, secureCookies } from '../context.ts';
import { signedIn } from '../policy.ts';
import { renameUser, userView } from './accounts.repo.ts';
import {
  acceptedResponse,
  confirmInput,
  emailOnlyInput,
  registerInput,
  updateMeInput,
  userResponse,
} from './accounts.schema.ts';
import { confirmEmail, register, registerWithInvite, resendConfirmation } from './accounts.service.ts';

const REGISTER_LIMIT = { scope: 'register:address', limit: 20, windowSeconds: 3600 };

export function registerAccountRoutes(app: FunctionApp, deps: IdentityDeps): void {
  const secure = secureCookies(deps);

  defineRoute(app, {
    method: 'post',
    path: '/register',
    summary: 'Create an account: mails a confirmation link (or, with an invitation, signs in at once)',
    tags: ['accounts'],
    body: registerInput,
    responses: {
      201: { description: 'Registered through an invitation and signed in', schema: userResponse },
      202: {
        description: 'Check your e-mail (the same answer for an address that already has an account)',
        schema: acceptedResponse,
      },
      400: 'Invalid fields (each named), weak password, or invalid invitation',
      409: 'The invited address already has an account',
      429: 'Too many registrations from this address',
    },
    handle: async ({ c, body }) => {
      const meta = { userAgent: c.req.header('user-agent'), remoteAddress: clientAddress(c, deps.trustProxy) };
      await enforceRateLimit(deps.db, REGISTER_LIMIT, meta.remoteAddress);
      if (body.inviteToken) {
        const { user, session } = await registerWithInvite(deps, { ...body, inviteToken: body.inviteToken }, meta);
        setSessionCookie(c, session.token, session.expiresAt, secure);
        return c.json({ user }, 201);
      }
      await register(deps, body);
      return c.json({ status: 'check_email' }, 202);
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/confirm',
    summary: 'Confirm an e-mail address from the link; signs the user in',
    tags: ['accounts'],
    body: confirmInput,
    responses: {
      200: { description: 'Confirmed and signed in', schema: userResponse },
      400: 'Invalid, used or expired link',
    },
    handle: async ({ c, body }) => {
      const meta = { userAgent: c.req.header('user-agent'), remoteAddress: clientAddress(c, deps.trustProxy) };
      const { user, session } = await confirmEmail(deps, body.token, meta);
      setSessionCookie(c, session.token, session.expiresAt, secure);
      return c.json({ user });
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/confirm/resend',
    summary: 'Send the confirmation link again (the same answer for any address)',
    tags: ['accounts'],
    body: emailOnlyInput,
    responses: {
      202: { description: 'If the account awaits confirmation, a link is on its way', schema: acceptedResponse },
      400: 'Invalid fields',
      429: 'Too many requests',
    },
    handle: async ({ c, body }) => {
      await enforceRateLimit(
        deps.db,
        { scope: 'resend:account', limit: 5, windowSeconds: 3600 },
        body.email.toLowerCase(),
      );
      await enforceRateLimit(deps.db, REGISTER_LIMIT, clientAddress(c, deps.trustProxy));
      await resendConfirmation(deps, body.email);
      return c.json({ status: 'check_email' }, 202);
    },
  });

  defineRoute(app, {
    method: 'get',
    path: '/me',
    summary: 'The signed-in user',
    tags: ['accounts'],
    authenticate: signedIn('account.read'),
    responses: { 200: { description: 'The user', schema: userResponse }, 401: 'Not signed in' },
    handle: async ({ c, actor }) => c.json({ user: await userView(deps.db, actor.userId) }),
  });

  defineRoute(app, {
    method: 'patch',
    path: '/me',
    summary: 'Change your name',
    tags: ['accounts'],
    authenticate: signedIn('account.update'),
    body: updateMeInput,
    responses: { 200: { description: 'Updated', schema: userResponse }, 400: 'Invalid fields', 401: 'Not signed in' },
    handle: async ({ c, body, actor: { userId } }) => {
      if (!(await renameUser(deps.db, userId, body.name))) throw new AppError('not_found', 'No such user.');
      return c.json({ user: await userView(deps.db, userId) });
    },
  });
}
