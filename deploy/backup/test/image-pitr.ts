// Point-in-time recovery with the production postgres image, by the commands of docs/maintenance.md
// ("Point-in-time recovery: switch it on") and docs/restore.md ("A point in time"): a container of
// the image with the pgbackrest.conf mounted archives WAL to an S3 repository (s3rver over TLS,
// encrypted); `pitr init` and `pitr backup full` run in it through PITR_CONTAINER; rows, a noted
// time, more rows; `podman stop`; a one-off container of the image restores into a new volume; a
// new container on it replays to the time and promotes: exactly the rows before it.
//   npx node deploy/backup/test/image-pitr.ts [IMAGE]   (default localhost/coppertone/postgres:$STACK_TAG or <HEAD>)
// Needs Podman (CONTAINERS_CONF=deploy/containers.conf here), root (the containers use the host's
// network to reach s3rver on 127.0.0.1) and the image built (scripts/stack/build.sh). Removes its
// containers and volumes at the end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../packages/db/src/testing/cluster.ts';
import { renderConf } from './archiving.ts';
import { makeCertificates, startS3rver } from './daemons.ts';
import { podmanEnv as env, POSTGRES_IMAGE as IMAGE, postgresRunArgs } from './pg-image.ts';

const HERE = join(import.meta.dirname, '..');
const tag = `coppertone-image-pitr-${process.pid}`;
const podman = (args: string[], timeout = 180_000) => {
  const r = spawnSync('podman', args, { env, encoding: 'utf8', timeout });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
};
const must = (args: string[], timeout?: number) => {
  const r = podman(args, timeout);
  assert.equal(r.code, 0, `podman ${args.join(' ')}: ${r.out}`);
  return r.out.trim();
};
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const timed = async <T>(what: string, f: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  console.log(`# ${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
};

const dir = mkdtempSync(join(tmpdir(), 'coppertone-image-pitr-'));
chmodSync(dir, 0o755);
const tls = makeCertificates(join(dir, 'tls'));
chmodSync(tls.ca, 0o644);
const s3 = await startS3rver(join(dir, 's3'), tls, 'pitr');
const port = await freePort();
// the example with the test's storage; the container's own paths, ports and sockets as in production
const conf = join(dir, 'pgbackrest.conf');
writeFileSync(
  conf,
  renderConf(
    dir,
    port,
    { port: s3.port, bucket: 'pitr', caFile: '/etc/pgbackrest/test-ca.pem' },
    {
      'pg1-path': '/var/lib/postgresql/data',
      'pg1-socket-path': '/var/run/postgresql',
      'pg1-user': 'coppertone',
      'log-path': '/tmp/pgbackrest/log',
      'spool-path': '/tmp/pgbackrest/spool',
      'lock-path': '/tmp/pgbackrest/lock',
    },
  ),
  { mode: 0o640 },
);
chownSync(conf, 0, 999); // docs/maintenance.md: 0640 root:999 (postgres in the image)
const password = randomBytes(18).toString('base64url');
const containers: string[] = [];
const volumes = [`${tag}-data`, `${tag}-data-pitr`];

function postgres(name: string, volume: string) {
  containers.push(name);
  must([
    ...postgresRunArgs(name, password),
    '--network',
    'host',
    '-v',
    `${volume}:/var/lib/postgresql/data`,
    '-v',
    `${conf}:/etc/pgbackrest/pgbackrest.conf:ro`,
    '-v',
    `${tls.ca}:/etc/pgbackrest/test-ca.pem:ro`,
    IMAGE,
    'postgres',
    '-c',
    `port=${port}`,
    '-c',
    'listen_addresses=127.0.0.1',
  ]);
}
const psql = (name: string, q: string) =>
  must(
    [
      'exec',
      '-u',
      'postgres',
      name,
      'psql',
      '-XAtq',
      '-v',
      'ON_ERROR_STOP=1',
      '-p',
      String(port),
      '-U',
      'coppertone',
      '-d',
      'coppertone',
      '-c',
      q,
    ],
    60_000,
  );
async function ready(name: string, seconds: number) {
  for (let i = 0; i < seconds; i++) {
    if (podman(['exec', name, 'pg_isready', '-h', '127.0.0.1', '-p', String(port)], 15_000).code === 0) return;
    await sleep(1000);
  }
  assert.fail(`${name} not ready after ${seconds} s: ${podman(['logs', '--tail', '20', name]).out}`);
}
function pitr(args: string[], container: string) {
  const r = spawnSync(join(HERE, 'pitr'), args, {
    env: { ...env, PITR_CONTAINER: container, PITR_TIMEOUT: '300' },
    encoding: 'utf8',
    timeout: 400_000,
  });
  assert.equal(r.status, 0, `pitr ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

try {
  assert.equal(podman(['image', 'exists', IMAGE]).code, 0, `image ${IMAGE} is missing: scripts/stack/build.sh`);
  for (const v of volumes) must(['volume', 'create', v]);
  const a = `${tag}-a`;
  await timed('container with the pgbackrest.conf mounted, ready', async () => {
    postgres(a, volumes[0] as string);
    await ready(a, 180);
  });
  assert.match(must(['logs', a]), /WAL archiving with pgBackRest on/);
  assert.equal(psql(a, 'show archive_mode'), 'on');
  await timed('PITR_CONTAINER pitr init', () => pitr(['init'], a));
  await timed('PITR_CONTAINER pitr backup full', () => pitr(['backup', 'full'], a));
  psql(
    a,
    "create table ledger (id int primary key, note text); insert into ledger select g, 'before' from generate_series(1, 100) g",
  );
  await sleep(1100);
  const noted = psql(a, 'select now()');
  await sleep(1100);
  psql(a, "insert into ledger select g, 'after' from generate_series(101, 200) g");
  await timed('pitr check (WAL switched and archived)', () => pitr(['check'], a));
  await timed('podman stop -t 120 (fast shutdown)', () => must(['stop', '-t', '120', a], 200_000));

  await timed('one-off container: pgbackrest restore --type=time into a new volume', () =>
    must(
      [
        'run',
        '--rm',
        '--user',
        'postgres',
        '--network',
        'host',
        '--tmpfs',
        '/tmp',
        '--entrypoint',
        'pgbackrest',
        '-v',
        `${volumes[1]}:/var/lib/postgresql/data`,
        '-v',
        `${conf}:/etc/pgbackrest/pgbackrest.conf:ro`,
        '-v',
        `${tls.ca}:/etc/pgbackrest/test-ca.pem:ro`,
        IMAGE,
        '--stanza=coppertone',
        '--log-level-console=warn',
        'restore',
        '--type=time',
        `--target=${noted}`,
        '--target-action=promote',
      ],
      600_000,
    ),
  );
  const b = `${tag}-b`;
  await timed('a container on it: replay to the time, promote', async () => {
    postgres(b, volumes[1] as string);
    await ready(b, 300);
    for (let i = 0; i < 300 && psql(b, 'select pg_is_in_recovery()') !== 'f'; i++) await sleep(1000);
  });
  assert.equal(psql(b, 'select count(*), min(id), max(id) from ledger'), '100|1|100');
  assert.equal(psql(b, "select count(*) from ledger where note = 'after'"), '0');
  console.log(`# ok: exactly the 100 rows before ${noted}; load ${loadavg()[0]?.toFixed(1)}`);
} finally {
  for (const c of containers) podman(['rm', '-f', '-t', '5', c]);
  for (const v of volumes) podman(['volume', 'rm', '-f', v]);
  s3.stop();
  rmSync(dir, { recursive: true, force: true });
}
