import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from './cluster.ts';
import { migratedPgliteSnapshot, TEST_ADMIN_URL_ENV, TEST_PGLITE_SNAPSHOT_ENV } from './database.ts';

/**
 * Vitest global setup of the integration tier: a throwaway PostgreSQL for the run, unless
 * DATABASE_URL names one to use, or TEST_DB=pglite runs the suite on embedded PGlite instead.
 */
export default async function setup(): Promise<() => void> {
  if (process.env.TEST_DB === 'pglite') {
    // Every test file starts its embedded database from one migrated copy made here.
    const dir = mkdtempSync(join(tmpdir(), 'coppertone-pglite-'));
    const file = join(dir, 'migrated.tar');
    writeFileSync(file, new Uint8Array(await (await migratedPgliteSnapshot()).arrayBuffer()));
    process.env[TEST_PGLITE_SNAPSHOT_ENV] = file;
    return () => rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.DATABASE_URL) {
    process.env[TEST_ADMIN_URL_ENV] = process.env.DATABASE_URL;
    return () => {};
  }
  const cluster = await startCluster();
  process.env[TEST_ADMIN_URL_ENV] = cluster.url;
  return () => cluster.stop();
}
