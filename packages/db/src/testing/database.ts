import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../connect.ts';
import { migrateToLatest } from '../migrate.ts';

/** Set by the integration global setup: the superuser URL of the throwaway cluster (or DATABASE_URL). */
export const TEST_ADMIN_URL_ENV = 'TEST_PG_ADMIN_URL';
/** Set by the integration global setup with TEST_DB=pglite: a migrated embedded database's files. */
export const TEST_PGLITE_SNAPSHOT_ENV = 'TEST_PGLITE_SNAPSHOT';

/**
 * An in-memory PGlite holding every migration, as one tarball. Starting PGlite from it takes about a
 * quarter of the time of an empty start (the cluster's initdb runs in WASM), and migrating again
 * still runs, finding nothing to do, so a stale snapshot cannot hide a migration.
 */
export async function migratedPgliteSnapshot(): Promise<Blob> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(handle.db);
    if (!handle.snapshot) throw new Error('the embedded database cannot be copied');
    return await handle.snapshot();
  } finally {
    await handle.close();
  }
}

/**
 * A fresh, migrated database for one test file: a new database on the test cluster, or an in-memory
 * PGlite when `TEST_DB=pglite` — the same suite runs on both. Closing drops it. `migrate: false`
 * leaves it empty (the migrator's own tests).
 */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const migrate = opts.migrate ?? true;
  const admin = process.env[TEST_ADMIN_URL_ENV];
  if (process.env.TEST_DB === 'pglite' || !admin) {
    if (process.env.TEST_DB !== 'pglite')
      throw new Error(`${TEST_ADMIN_URL_ENV} is not set: run through the integration project.`);
    // A migrated start comes from the run's snapshot when there is one; an empty one never does.
    const snapshot = migrate ? process.env[TEST_PGLITE_SNAPSHOT_ENV] : undefined;
    const loadFrom = snapshot ? new Blob([readFileSync(snapshot)]) : undefined;
    const handle = await openDatabase({ dataDir: 'memory://', loadFrom });
    if (migrate) await migrateToLatest(handle.db);
    return handle;
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  if (migrate) await migrateToLatest(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
