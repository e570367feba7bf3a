import { type SessionCache, sessionGuard, viewerKey } from '@coppertone/auth';
import { createFunctionApp, type FunctionApp, isDeclaredCachedRead, type ReadCache, readCache } from '@coppertone/http';
import type { Logger, Metrics } from '@coppertone/observability';
import { registerActivityRoutes } from './activity/activity.routes.ts';
import { registerCommentRoutes } from './comments/comments.routes.ts';
import { registerCompanyRoutes } from './companies/companies.routes.ts';
import type { WorkDeps } from './context.ts';
import { registerEventRoutes } from './events/events.routes.ts';
import { registerProjectRoutes } from './projects/projects.routes.ts';
import { registerTaskRoutes } from './tasks/tasks.routes.ts';

export interface WorkAppDeps extends WorkDeps {
  /** Live sessions in memory (see SessionCache); without it every request reads the database. */
  sessions?: SessionCache;
  /** Answers of the hot lists kept per viewer until anything in work changes (see ReadCache). */
  reads?: ReadCache;
  log: Logger;
  metrics: Metrics;
  ready: () => Promise<boolean>;
  /** How often a live stream re-checks its session (tests shorten it). */
  sessionRecheckMs?: number;
}

/** The channel work's read caches hear changes on. */
export const WORK_CHANGES_CHANNEL = 'work_changed';

/** The work function: companies, projects, tasks, comments, activity, live updates. */
export function createWorkApp(deps: WorkAppDeps): FunctionApp {
  const app = createFunctionApp({ name: 'work', ...deps });
  app.use(sessionGuard(deps.db, deps.sessions));
  // Only the routes that declare `cache: 'per-viewer'` are cached (the project list, a project, its
  // board, my tasks: what every page load and live update re-reads); every write drops them all.
  if (deps.reads) app.use(readCache(deps.reads, viewerKey, isDeclaredCachedRead(app)));
  registerCompanyRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerActivityRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerCommentRoutes(app, deps);
  registerEventRoutes(app, deps, { recheckMs: deps.sessionRecheckMs, sessions: deps.sessions, metrics: deps.metrics });
  return app;
}
