import { type SessionCache, sessionGuard } from '@coppertone/auth';
import { createFunctionApp, type FunctionApp } from '@coppertone/http';
import type { Logger, Metrics } from '@coppertone/observability';
import { registerAccountRoutes } from './accounts/accounts.routes.ts';
import type { IdentityDeps } from './context.ts';
import { adoptIdentityMetrics } from './identity.metrics.ts';
import { registerInviteRoutes } from './invites/invites.routes.ts';
import { registerLinkRoutes } from './links/links.routes.ts';
import { registerNotificationRoutes } from './notifications/notifications.routes.ts';
import { registerPasswordRoutes } from './passwords/passwords.routes.ts';
import { registerPeopleRoutes } from './people/people.routes.ts';
import { registerSessionRoutes } from './sessions/sessions.routes.ts';

export interface IdentityAppDeps extends IdentityDeps {
  /** Live sessions in memory (see SessionCache); without it every request reads the database. */
  sessions?: SessionCache;
  log: Logger;
  metrics: Metrics;
  ready: () => Promise<boolean>;
}

/** The identity function: accounts, sessions, passwords, invitations, roles. */
export function createIdentityApp(deps: IdentityAppDeps): FunctionApp {
  const app = createFunctionApp({ name: 'identity', ...deps });
  app.use(sessionGuard(deps.db, deps.sessions));
  registerAccountRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerPasswordRoutes(app, deps);
  registerInviteRoutes(app, deps);
  registerPeopleRoutes(app, deps);
  registerLinkRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  adoptIdentityMetrics(deps.metrics, deps.db);
  return app;
}
