// "The server is lost", the data steps of docs/restore.md rehearsed with the real pieces: a database
// filled by the app's migrations and fixtures is backed up (restic, local repository), then a
// fresh PostgreSQL container of the production image starts on an empty volume, as on a new
// server, and `restore --with-globals` brings the data back into it (restore checks every table
// against the manifest). Prints each step's time, for docs/restore.md.
//   npx node deploy/backup/test/server-lost.ts [IMAGE]   (default localhost/coppertone/postgres:$STACK_TAG or <HEAD>)
// Needs Podman (CONTAINERS_CONF=deploy/containers.conf here) and the image built
// (scripts/stack/build.sh). The container publishes on 127.0.0.1 only and is removed at the end.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startCluster } from '../../../packages/db/src/testing/cluster.ts';
import { fill, tableChecksums } from './fixture.ts';
import { POSTGRES_IMAGE as IMAGE, podmanEnv, postgresRunArgs } from './pg-image.ts';

const HERE = join(import.meta.dirname, '..');
const NAME = `coppertone-server-lost-${process.pid}`;
const podman = (args: string[], timeout = 120_000) =>
  spawnSync('podman', args, { env: podmanEnv, encoding: 'utf8', timeout });

const dir = mkdtempSync(join(tmpdir(), 'coppertone-server-lost-'));
mkdirSync(join(dir, 'metrics'));
const cluster = await startCluster();
const figures: string[] = [];
const timed = async <T>(what: string, f: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  const line = `${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  figures.push(line);
  console.log(`# ${line}`);
  return r;
};
try {
  if (podman(['image', 'exists', IMAGE]).status !== 0)
    throw new Error(`image ${IMAGE} is missing: scripts/stack/build.sh`);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RESTIC_REPOSITORY: join(dir, 'repo'),
    RESTIC_PASSWORD: randomBytes(18).toString('base64url'), // per run, never stored
    RESTIC_CACHE_DIR: join(dir, 'cache'),
    BACKUP_STAGING_DIR: join(dir, 'stage'),
    RESTORE_WORK_DIR: dir,
    NODE_EXPORTER_TEXTFILE_DIR: join(dir, 'metrics'),
  };
  const run = (script: string, args: string[], extra: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(join(HERE, script), args, {
        env: { ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 1_800_000,
      });
      let out = '';
      c.stdout.on('data', (d) => {
        out += d;
      });
      c.stderr.on('data', (d) => {
        out += d;
      });
      c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}:\n${out}`))));
    });
  const source = { PGHOST: '127.0.0.1', PGPORT: String(cluster.port), PGUSER: 'postgres', PGDATABASE: 'coppertone' };
  spawnSync('createdb', ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', 'coppertone'], {
    timeout: 30_000,
  });
  const filled = await timed('fixture (app migrations + bench data)', () =>
    fill(`postgres://postgres@127.0.0.1:${cluster.port}/coppertone`),
  );
  const before = await tableChecksums(`postgres://postgres@127.0.0.1:${cluster.port}/coppertone`);
  await timed('backup --init (the old server, last night)', () => run('backup', ['--init', '--no-check'], source));

  // the new server: an empty volume, PostgreSQL of the production image, published on loopback only
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  await timed('PostgreSQL container on an empty volume, ready', async () => {
    const r = podman([...postgresRunArgs(NAME, password), '-p', `127.0.0.1:${port}:5432`, IMAGE]);
    if (r.status !== 0) throw new Error(`podman run: ${r.stderr}`);
    for (let i = 0; i < 120; i++) {
      if (
        podman(['exec', NAME, 'pg_isready', '-h', '127.0.0.1', '-U', 'coppertone', '-d', 'coppertone'], 15_000)
          .status === 0
      )
        return;
      await new Promise((res) => setTimeout(res, 1000));
    }
    throw new Error(`PostgreSQL in ${NAME} not ready after 120 s: ${podman(['logs', NAME]).stderr}`);
  });
  const target = {
    PGHOST: '127.0.0.1',
    PGPORT: String(port),
    PGUSER: 'coppertone',
    PGPASSWORD: password,
    PGDATABASE: 'coppertone',
  };
  await timed('restore --with-globals into it (every table checked against the manifest)', () =>
    run('restore', ['--with-globals'], target),
  );
  const after = await tableChecksums(`postgres://coppertone:${password}@127.0.0.1:${port}/coppertone`);
  const differ = Object.keys(before).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
  if (differ.length > 0) throw new Error(`tables differ after the restore: ${differ.join(', ')}`);
  console.log(
    `# ${filled.rows} rows, ${Object.keys(before).length} tables and sequences equal; load ${loadavg()[0]?.toFixed(1)} on ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores`,
  );
} finally {
  podman(['rm', '-f', '-t', '5', NAME]);
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
