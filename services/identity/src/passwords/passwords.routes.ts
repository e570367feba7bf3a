import { setSessionCookie } from '@coppertone/auth';
import { clientAddress, defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import {
  acceptedResponse,
  emailOnlyInput,
  existingPassword,
  newPasswordIssue,
  tokenField,
} from '../accounts/accounts.schema.ts';
import { type IdentityDeps, secureCookies } from '../context.ts';
import { signedIn } from '../policy.ts';
import { changePassword, forgotPassword, resetPassword } from './passwords.service.ts';

const resetInput = z
  .object({ token: tokenField, password: existingPassword })
  .superRefine((v, ctx) => newPasswordIssue(ctx, 'password', v.password, {}))
  .openapi('ResetPasswordInput');

const changeInput = z
  .object({ currentPassword: existingPassword, newPassword: existingPassword })
  .superRefine((v, ctx) => {
    newPasswordIssue(ctx, 'newPassword', v.newPassword, {});
    if (v.newPassword === v.currentPassword) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'New password must differ from the current one' });
    }
  })
  .openapi('ChangePasswordInput');

export function registerPasswordRoutes(app: FunctionApp, deps: IdentityDeps): void {
  defineRoute(app, {
    method: 'post',
    path: '/password/forgot',
    summary: 'Mail a reset link (the same answer whether or not the account exists)',
    tags: ['passwords'],
    body: emailOnlyInput,
    responses: {
      202: { description: 'If the account exists, a link is on its way', schema: acceptedResponse },
      400: 'Invalid fields',
      429: 'Too many requests',
    },
    handle: async ({ c, body }) => {
      await forgotPassword(deps, body.email, clientAddress(c, deps.trustProxy));
      return c.json({ status: 'check_email' }, 202);
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/password/reset',
    summary: 'Set a new password from a reset link; every session ends',
    tags: ['passwords'],
    body: resetInput,
    responses: { 204: 'Password changed; sign in with it', 400: 'Invalid, used or expired link, or weak password' },
    handle: async ({ c, body }) => {
      await resetPassword(deps, body.token, body.password);
      return c.body(null, 204);
    },
  });

  defineRoute(app, {
    method: 'post',
    path: '/password/change',
    summary: 'Change the password; other sessions end and this one is re-issued',
    tags: ['passwords'],
    authenticate: signedIn('password.change'),
    body: changeInput,
    responses: { 204: 'Changed', 400: 'Wrong current password or weak new one', 401: 'Not signed in' },
    handle: async ({ c, body, actor }) => {
      const session = await changePassword(deps, actor, body, {
        userAgent: c.req.header('user-agent'),
        remoteAddress: clientAddress(c, deps.trustProxy),
      });
      setSessionCookie(c, session.token, session.expiresAt, secureCookies(deps));
      return c.body(null, 204);
    },
  });
}
