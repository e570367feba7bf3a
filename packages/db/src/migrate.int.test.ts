// Rolling back over a migration: older code must start on a schema a newer release expanded, and
// must refuse one it contracted, naming the migration. Older and newer code are the real history
// and the real history plus migrations of a later release. The deploy's rollback check
// (deploy/server/deploy-server.sh) must agree with the migrator on the same database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './connect.ts';
import {
  type AppMigration,
  appliedMigrations,
  migrateToLatest,
  migrationsApplied,
  UnknownMigrationsError,
} from './migrate.ts';
import { migrations as older } from './migrations/index.ts';
import type { Database } from './tables.ts';
import { createTestDatabase } from './testing/database.ts';

const EXPAND = '2099-01-01T0000-later-expand';
const CONTRACT = '2099-01-02T0000-later-contract';

// A later release's expand migration: a new nullable column and a table; the old shape stays.
const expand: AppMigration & { compatibility: 'expand' } = {
  compatibility: 'expand',
  async up(db: Kysely<unknown>) {
    await sql`alter table contact_messages add column topic text`.execute(db);
    await sql`create table later_notes (id serial primary key, body text not null)`.execute(db);
  },
};
// …and a contract one (no declaration): a column older code writes is gone.
const contract: AppMigration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table contact_messages drop column company`.execute(db);
  },
};

const newer = { ...older, [EXPAND]: expand };
const newest = { ...newer, [CONTRACT]: contract };

const REPO = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'coppertone-migrate-'));
let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

// What older code does with every request of the contact form: insert and read in the old shape.
async function olderCodeServes(db: Kysely<Database>) {
  const { rows } = await sql<{ name: string }>`
    insert into contact_messages (name, email, company, message) values ('Ada', 'ada@example.com', 'Analytical', 'Hello')
    returning name`.execute(db);
  return rows[0]?.name;
}

/**
 * deploy-server.sh's rollback check against this database, for a release that knows `known`:
 * the blockers it prints (empty: the rollback goes ahead). Only with a real server (psql).
 */
function deployServerBlockers(known: Record<string, AppMigration>, migrator = 'tolerates-expand'): string[] {
  const list = join(dir, 'known');
  writeFileSync(
    list,
    Object.entries(known)
      .map(([name, m]) => `${name} ${m.compatibility === 'expand' ? 'expand' : 'contract'}\n`)
      .join(''),
  );
  const script = `set -euo pipefail
    source deploy/server/deploy-server.sh
    fail() { echo "error: $*" >&2; exit 1; }
    pg_query() { psql "$TEST_URL" -v ON_ERROR_STOP=1 -AtF ' ' -c "$1"; }
    applied_migrations | rollback_blockers "$KNOWN" "$MIGRATOR"`;
  const res = spawnSync('bash', ['-c', script], {
    cwd: REPO,
    encoding: 'utf8',
    // HOME: a directory without a shell profile (bash reads one when its stdin is a socket, as here).
    env: { PATH: process.env.PATH, HOME: dir, TEST_URL: database.url, KNOWN: list, MIGRATOR: migrator },
    timeout: 20_000,
  });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return res.stdout.split('\n').filter(Boolean);
}
// The deploy reads the database with psql: a real server only (TEST_DB=pglite runs the migrator alone).
const withServer = () => process.env.TEST_DB !== 'pglite';

describe('migrations across releases (expand, then contract)', () => {
  it('a fresh database gets the whole history, each declaration recorded', async () => {
    const applied = await migrateToLatest(database.db, { migrations: older });
    expect(applied).toEqual(Object.keys(older));
    expect(await migrationsApplied(database.db, { migrations: older })).toBe(true);
    const recorded = await appliedMigrations(database.db);
    expect(recorded.map((m) => m.name)).toEqual(Object.keys(older));
  });

  it('newer code applies its expand migration; older code then starts and serves', async () => {
    expect(await migrateToLatest(database.db, { migrations: newer })).toEqual([EXPAND]);
    expect(await appliedMigrations(database.db)).toContainEqual({ name: EXPAND, compatibility: 'expand' });

    // The older release starts (a rollback): nothing to apply, nothing refused, and it is ready.
    expect(await migrateToLatest(database.db, { migrations: older })).toEqual([]);
    expect(await migrationsApplied(database.db, { migrations: older })).toBe(true);
    expect(await olderCodeServes(database.db)).toBe('Ada');
    // …and starting it again, or the newer one again, changes nothing.
    expect(await migrateToLatest(database.db, { migrations: older })).toEqual([]);
    expect(await migrateToLatest(database.db, { migrations: newer })).toEqual([]);
  });

  it.runIf(withServer())('the deploy lets a rollback go over the expand migration', () => {
    expect(deployServerBlockers(older)).toEqual([]);
    expect(deployServerBlockers(newer)).toEqual([]);
    // A release whose migrator predates the declarations refuses any unknown migration: so does the deploy.
    expect(deployServerBlockers(older, 'strict')).toEqual([`${EXPAND} (expand)`]);
  });

  it('after a contract migration, older code refuses to start, naming it', async () => {
    expect(await migrateToLatest(database.db, { migrations: newest })).toEqual([CONTRACT]);
    const refused = await migrateToLatest(database.db, { migrations: older }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnknownMigrationsError);
    expect((refused as UnknownMigrationsError).migrations).toEqual([{ name: CONTRACT, compatibility: 'contract' }]);
    expect((refused as Error).message).toContain(`${CONTRACT} (contract)`);
    // The release between them knows the contract migration's predecessor only: refused as well.
    await expect(migrateToLatest(database.db, { migrations: newer })).rejects.toThrow(`${CONTRACT} (contract)`);
    // The release that made it starts.
    expect(await migrateToLatest(database.db, { migrations: newest })).toEqual([]);
  });

  it.runIf(withServer())('the deploy refuses that rollback, naming the same migration', () => {
    expect(deployServerBlockers(older)).toEqual([`${CONTRACT} (contract)`]);
    expect(deployServerBlockers(newer)).toEqual([`${CONTRACT} (contract)`]);
    expect(deployServerBlockers(newest)).toEqual([]);
  });

  it('an unknown migration recorded without a declaration (a migrator before declarations) is refused', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('2099-02-01T0000-undeclared', ${new Date(Date.UTC(2099, 1, 1)).toISOString()})`.execute(
      database.db,
    );
    await expect(migrateToLatest(database.db, { migrations: newest })).rejects.toThrow(
      '2099-02-01T0000-undeclared (contract)',
    );
    if (withServer()) expect(deployServerBlockers(newest)).toEqual(['2099-02-01T0000-undeclared (contract)']);
  });
});
