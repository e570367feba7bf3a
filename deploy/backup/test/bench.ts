// Backup, restore and drill times and sizes for a database of about a million rows: the test's
// fixture plus BENCH_ROWS (default 1,000,000) activity rows. A local restic repository (file
// backend: what is measured is pg_dump/pg_restore/restic, not a network).
//   node deploy/backup/test/bench.ts            (Node 24: `npx node`, or from an npm script)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../../../packages/db/src/testing/cluster.ts';
import { fill, tableChecksums } from './fixture.ts';

const HERE = join(import.meta.dirname, '..');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

const dir = mkdtempSync(join(tmpdir(), 'coppertone-backup-bench-'));
mkdirSync(join(dir, 'metrics'));
const cluster = await startCluster();
try {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    PGHOST: '127.0.0.1',
    PGPORT: String(cluster.port),
    PGUSER: 'postgres',
    PGDATABASE: 'coppertone',
    RESTIC_REPOSITORY: join(dir, 'repo'),
    RESTIC_PASSWORD: randomBytes(18).toString('base64url'),
    RESTIC_CACHE_DIR: join(dir, 'cache'),
    BACKUP_STAGING_DIR: join(dir, 'stage'),
    RESTORE_WORK_DIR: dir,
    NODE_EXPORTER_TEXTFILE_DIR: join(dir, 'metrics'),
  };
  const run = (script: string, args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ s: number; out: string }>((resolve, reject) => {
      const t0 = performance.now();
      const c = spawn(join(HERE, script), args, {
        env: { ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 1_800_000,
      });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (out += d));
      c.on('close', (code) =>
        code === 0
          ? resolve({ s: (performance.now() - t0) / 1000, out })
          : reject(new Error(`${script} failed:\n${out}`)),
      );
    });
  spawnSync('createdb', ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', 'coppertone']);
  const filled = await fill(`postgres://postgres@127.0.0.1:${cluster.port}/coppertone`, { extraActivityRows: ROWS });
  const before = await tableChecksums(`postgres://postgres@127.0.0.1:${cluster.port}/coppertone`);
  const dbSize = spawnSync('psql', ['-XAtc', 'select pg_database_size(current_database())'], {
    env,
    encoding: 'utf8',
  }).stdout.trim();
  const b = await run('backup', ['--init']);
  const metrics = readFileSync(join(dir, 'metrics', 'backup.prom'), 'utf8');
  const dumpKiB = /dump (\d+) KiB/.exec(b.out)?.[1];
  const repo = /backup_repository_size_bytes (\d+)/.exec(metrics)?.[1];
  const onDisk = spawnSync('du', ['-sb', join(dir, 'repo')], { encoding: 'utf8' }).stdout.split('\t')[0];
  const b2 = await run('backup', ['--no-check']);
  const r = await run('restore', [], { PGDATABASE: 'restored' });
  const same =
    JSON.stringify(await tableChecksums(`postgres://postgres@127.0.0.1:${cluster.port}/restored`)) ===
    JSON.stringify(before);
  const d = await run('drill', []);
  const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
  console.log(
    [
      `Backup bench (${new Date().toISOString()}; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on 2 shared cores)`,
      `  database      ${filled.rows.toLocaleString('en')} rows (${ROWS.toLocaleString('en')} of them activity), ${mib(Number(dbSize))} on disk; filled in ${(filled.ms / 1000).toFixed(0)} s`,
      `  dump          ${mib(Number(dumpKiB) * 1024)} (pg_dump -Fc)`,
      `  repository    ${mib(Number(onDisk))} on disk after the first backup (restic stats raw-data: ${mib(Number(repo))})`,
      `  backup        ${b.s.toFixed(1)} s first (with check --read-data-subset), ${b2.s.toFixed(1)} s second, unchanged data (no check)`,
      `  restore       ${r.s.toFixed(1)} s into a new database, every row checked: ${same ? 'all tables equal' : 'DIFFERENT'}`,
      `  drill         ${d.s.toFixed(1)} s (check --read-data, throwaway server, restore, checks)`,
    ].join('\n'),
  );
  if (!same) process.exitCode = 1;
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
