import type { Role } from '@coppertone/db';
import { AppError } from '@coppertone/http';
import { requireAuth } from './guard.ts';
import type { SessionUser } from './sessions.ts';

/**
 * Who may do one action: the roles allowed, or the roles plus a predicate on the resource (e.g. "a
 * client of the invoice's company"). A predicate runs only for an allowed role, so it can assume one.
 */
export type PolicyRule<R = never> =
  | ReadonlyArray<Role>
  | { roles: ReadonlyArray<Role>; when: (actor: SessionUser, resource: R) => boolean };

/** The rule most actions share: staff and admins. */
export const STAFF = ['staff', 'admin'] as const satisfies ReadonlyArray<Role>;
/** Every signed-in person (what each may see is scoped by the queries, not by the table). */
export const EVERYONE = ['client', 'staff', 'admin'] as const satisfies ReadonlyArray<Role>;

/** A function's whole table: action name → rule. */
export type PolicyTable = Record<string, PolicyRule<never>>;

/** The resource an action's predicate looks at (nothing for a roles-only rule). */
type ResourceOf<Rule> = Rule extends { when: (actor: SessionUser, resource: infer R) => boolean } ? R : undefined;
type ResourceArg<Rule> = ResourceOf<Rule> extends undefined ? [] : [resource: ResourceOf<Rule>];

export interface Policy<T extends PolicyTable> {
  readonly table: T;
  /** Whether the actor may do the action (on the resource, for a rule with a predicate). */
  can<A extends keyof T & string>(actor: SessionUser, action: A, ...resource: ResourceArg<T[A]>): boolean;
  /** Throws 403 unless `can`. Call once the resource is known to be visible to the actor (else answer 404). */
  authorize<A extends keyof T & string>(actor: SessionUser, action: A, ...resource: ResourceArg<T[A]>): void;
  /**
   * Named booleans for a response, so a page shows only the actions the server will accept
   * (e.g. a project's `can: { edit, addTask }`); each flag is `can` of its action.
   */
  flags<F extends Record<string, RolesOnly<T>>>(actor: SessionUser, names: F): { [K in keyof F]: boolean };
}

/** The actions decided by role alone: the ones `flags` can answer without a resource. */
type RolesOnly<T extends PolicyTable> = {
  [A in keyof T & string]: T[A] extends ReadonlyArray<Role> ? A : never;
}[keyof T & string];

/**
 * The one form of a function's authorization: a typed table read by every handler through
 * `authorize`, tested as a matrix of endpoints × callers. Scoping (which rows a client sees) stays
 * in the queries; the table decides the verbs.
 */
export function definePolicy<const T extends PolicyTable>(table: T): Policy<T> {
  const can = (actor: SessionUser, action: string, resource?: unknown): boolean => {
    const rule = table[action] as PolicyRule<unknown> | undefined;
    if (!rule) throw new Error(`No policy rule for "${action}"`);
    if ('when' in rule) return rule.roles.includes(actor.role) && rule.when(actor, resource);
    return rule.includes(actor.role);
  };
  return {
    table,
    can: (actor, action, ...resource) => can(actor, action, resource[0]),
    authorize(actor, action, ...resource) {
      if (!can(actor, action, resource[0])) throw new AppError('forbidden', 'Your role does not allow this.');
    },
    flags: (actor, names) =>
      Object.fromEntries(Object.entries(names).map(([name, action]) => [name, can(actor, action)])) as never,
  };
}

/**
 * The `authenticate` of a route whose action is decided by role alone: 401 without a session, then
 * 403 from the table, before the route's path, query or body is read. Wrap it once per function
 * (`signedIn(action)` in its policy.ts): called inside a route definition, this generic call keeps
 * the route from inferring its actor's type.
 */
export function authenticateFor<T extends PolicyTable>(
  policy: Policy<T>,
  action: RolesOnly<T>,
): (c: Parameters<typeof requireAuth>[0]) => SessionUser {
  const authorize = policy.authorize as unknown as (actor: SessionUser, action: string) => void;
  return (c) => {
    const actor = requireAuth(c);
    authorize(actor, action);
    return actor;
  };
}
