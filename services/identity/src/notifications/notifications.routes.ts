import { NOTIFICATIONS, type NotificationKind, notificationsFor } from '@coppertone/contracts';
import { AppError, defineRoute, type FunctionApp } from '@coppertone/http';
import { z } from '@hono/zod-openapi';
import type { IdentityDeps } from '../context.ts';
import { signedIn } from '../policy.ts';
import { notificationChoices, setMutedNotifications } from './notifications.repo.ts';

const choices = z
  .object({
    items: z.array(z.object({ kind: z.string(), label: z.string(), on: z.boolean() })),
  })
  .openapi('NotificationChoices');

const changeChoices = z
  .object({ on: z.record(z.string(), z.boolean()) })
  .openapi('ChangeNotificationChoices', { description: 'Kinds to turn on (true) or off (false); others stay' });

async function read(deps: IdentityDeps, userId: string) {
  const user = await notificationChoices(deps.db, userId);
  if (!user) throw new AppError('not_found', 'No such user.');
  return user;
}

const view = (role: string, muted: readonly string[]) => ({
  items: notificationsFor(role).map((kind) => ({ kind, label: NOTIFICATIONS[kind].label, on: !muted.includes(kind) })),
});

/** The e-mail notifications a person gets, each of which they may turn off (account page). */
export function registerNotificationRoutes(app: FunctionApp, deps: IdentityDeps): void {
  defineRoute(app, {
    method: 'get',
    path: '/me/notifications',
    summary: 'The e-mail notifications you may choose, and whether each is on',
    tags: ['accounts'],
    authenticate: signedIn('account.read'),
    responses: { 200: { description: 'Your choices', schema: choices }, 401: 'Not signed in' },
    handle: async ({ c, actor: { userId } }) => {
      const user = await read(deps, userId);
      return c.json(view(user.role, user.muted_notifications));
    },
  });

  defineRoute(app, {
    method: 'patch',
    path: '/me/notifications',
    summary: 'Turn e-mail notifications on or off',
    tags: ['accounts'],
    authenticate: signedIn('account.update'),
    body: changeChoices,
    responses: {
      200: { description: 'Your choices now', schema: choices },
      400: 'A kind you cannot choose (named)',
      401: 'Not signed in',
    },
    handle: async ({ c, body, actor: { userId } }) => {
      const user = await read(deps, userId);
      const mine = notificationsFor(user.role) as string[];
      const unknown = Object.keys(body.on).filter((kind) => !mine.includes(kind));
      if (unknown.length)
        throw new AppError('validation_failed', 'Not a notification you can choose.', {
          fields: Object.fromEntries(unknown.map((kind) => [`on.${kind}`, 'Not a notification you can choose'])),
        });
      const muted = mine.filter((kind) =>
        kind in body.on ? !body.on[kind] : user.muted_notifications.includes(kind as NotificationKind),
      );
      await setMutedNotifications(deps.db, userId, muted);
      return c.json(view(user.role, muted));
    },
  });
}
