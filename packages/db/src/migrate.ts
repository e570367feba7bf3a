import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { migrations as knownMigrations } from './migrations/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema
type AnyKysely = Kysely<any>;

/**
 * Whether code written before a migration still runs on the schema after it. `expand` (add a table
 * or a nullable column, backfill) keeps the old shape; anything else — `contract`, or no
 * declaration — may not. A migration module declares it with `export const compatibility = 'expand';`.
 */
export type Compatibility = 'expand' | 'contract';

/** A migration module as listed in migrations/index.ts: Kysely's `up`/`down` and its declaration. */
export type AppMigration = Migration & { readonly compatibility?: unknown };

/**
 * Where each applied migration's declaration is kept (written in the migration's own transaction),
 * so that older code, which has never seen the migration, can tell whether it may run on it. The
 * deploy's rollback check (deploy/server/deploy-server.sh) reads the same table.
 */
export const COMPATIBILITY_TABLE = 'migration_compat';

export const compatibilityOf = (m: AppMigration): Compatibility =>
  m.compatibility === 'expand' ? 'expand' : 'contract';

/** The database holds migrations this code does not know and cannot run over. */
export class UnknownMigrationsError extends Error {
  readonly migrations: { name: string; compatibility: Compatibility }[];
  constructor(migrations: { name: string; compatibility: Compatibility }[]) {
    const list = migrations.map((m) => `${m.name} (${m.compatibility})`).join(', ');
    super(
      `this code cannot run on this database: it holds migrations this code does not know and that are ` +
        `not declared 'expand': ${list}. Run a release that knows them, or restore the dump taken before them.`,
    );
    this.name = 'UnknownMigrationsError';
    this.migrations = migrations;
  }
}

export interface MigrateOptions {
  /** The migration history this code knows (tests stand in older and newer code with it). */
  migrations?: Record<string, AppMigration>;
}

/** Every applied migration with its recorded declaration (`contract` when none was recorded). */
export async function appliedMigrations(db: AnyKysely): Promise<{ name: string; compatibility: Compatibility }[]> {
  const { rows } = await sql<{ applied: boolean; declared: boolean }>`
    select to_regclass('kysely_migration') is not null as applied,
           to_regclass(${COMPATIBILITY_TABLE}) is not null as declared`.execute(db);
  if (!rows[0]?.applied) return [];
  const applied = rows[0].declared
    ? await sql<{ name: string; compatibility: string | null }>`
        select m.name, c.compatibility from kysely_migration m
        left join ${sql.table(COMPATIBILITY_TABLE)} c on c.name = m.name order by m.name`.execute(db)
    : await sql<{ name: string; compatibility: null }>`
        select name, null as compatibility from kysely_migration order by name`.execute(db);
  return applied.rows.map((r) => ({
    name: r.name,
    compatibility: r.compatibility === 'expand' ? 'expand' : 'contract',
  }));
}

async function recordCompatibility(db: AnyKysely, name: string, compatibility: Compatibility): Promise<void> {
  await sql`create table if not exists ${sql.table(COMPATIBILITY_TABLE)} (
    name varchar(255) primary key,
    compatibility text not null check (compatibility in ('expand', 'contract')))`.execute(db);
  await sql`insert into ${sql.table(COMPATIBILITY_TABLE)} (name, compatibility) values (${name}, ${compatibility})
    on conflict (name) do update set compatibility = excluded.compatibility`.execute(db);
}

/**
 * What Kysely's migrator is given: the known migrations, each recording its declaration when it
 * runs, plus a stand-in for every applied `expand` migration this code does not know. Kysely
 * refuses to start when an applied migration is missing from its list ("corrupted migrations"),
 * which would stop an older release after a newer one expanded the schema; an `expand` one is
 * safe for it by declaration, so it is listed as already applied and never run. Any other unknown
 * one stops the start, naming it.
 */
function providerFor(known: Record<string, AppMigration>, applied: { name: string; compatibility: Compatibility }[]) {
  const list: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(known)) {
    list[name] = {
      up: async (db) => {
        await m.up(db);
        await recordCompatibility(db, name, compatibilityOf(m));
      },
      ...(m.down ? { down: m.down } : {}),
    };
  }
  const unknown = applied.filter((a) => !Object.hasOwn(known, a.name));
  const blocking = unknown.filter((a) => a.compatibility !== 'expand');
  if (blocking.length) throw new UnknownMigrationsError(blocking);
  for (const { name } of unknown) {
    list[name] = {
      up: async () => {
        throw new Error(`migration ${name} belongs to newer code; it is already applied and cannot run here`);
      },
    };
  }
  return { getMigrations: async () => list } satisfies MigrationProvider;
}

const isMissingMigration = (err: unknown) =>
  err instanceof Error && /^corrupted migrations: previously executed migration .* is missing$/.test(err.message);

/**
 * Applies pending migrations (Kysely takes a lock, so concurrent starts are safe); throws on failure,
 * and with UnknownMigrationsError when the database is ahead of this code by more than `expand`
 * migrations. Returns the names it applied.
 */
export async function migrateToLatest(db: AnyKysely, opts: MigrateOptions = {}): Promise<string[]> {
  const known = opts.migrations ?? knownMigrations;
  // The applied list is read before Kysely's lock (the provider cannot query inside it: on PGlite
  // the one connection is held). A newer release migrating in between shows as a missing
  // migration: read again, once.
  for (let attempt = 1; ; attempt++) {
    const migrator = new Migrator({ db, provider: providerFor(known, await appliedMigrations(db)) });
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (attempt === 1 && isMissingMigration(error)) continue;
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** True when every known migration has been applied (what /readyz reports). */
export async function migrationsApplied(db: AnyKysely, opts: MigrateOptions = {}): Promise<boolean> {
  const known = opts.migrations ?? knownMigrations;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => known } });
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
