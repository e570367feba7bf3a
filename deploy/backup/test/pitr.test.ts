// deploy/backup/pitr against a real PostgreSQL 15 and pgBackRest 2.45, configured as production
// (deploy/backup/postgres/archive.conf + pgbackrest.conf.example, test values swapped in: see
// archiving.ts), archiving WAL to an S3 repository (s3rver over TLS, CA made per run), encrypted.
// Write rows, note the time, write more, restore to the noted time: exactly the rows before it come
// back. Then the drill's point-in-time restore on the same repository. Run by deploy/backup/test.sh.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../../packages/db/src/testing/cluster.ts';
import { type ArchivingCluster, archivingCluster } from './archiving.ts';
import { type Daemon, makeCertificates, startS3rver } from './daemons.ts';

const HERE = join(import.meta.dirname, '..');
const MARKER = 'pitr-marker-plaintext';
let dir: string;
let s3: Daemon;
let pg: ArchivingCluster;

function script(name: string, args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(join(HERE, name), args, { env: { ...pg.env, ...extra }, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
const pitr = (args: string[]) => script('pitr', args);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coppertone-pitr-test-'));
  chmodSync(dir, 0o755); // the server runs as postgres when the test runs as root
  const tls = makeCertificates(join(dir, 'tls'));
  s3 = await startS3rver(join(dir, 's3'), tls, 'pitr');
  mkdirSync(join(dir, 'pg'));
  pg = archivingCluster(join(dir, 'pg'), await freePort(), { port: s3.port, bucket: 'pitr', caFile: tls.ca });
  const settings = pitr(['settings']);
  assert.equal(settings.code, 0, settings.out);
  assert.match(settings.out, /^archive_command = 'pgbackrest --stanza=coppertone archive-push %p'$/m);
  pg.start();
});

after(() => {
  pg?.stop('immediate');
  s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('PITR to S3: rows before the noted time come back, rows after do not; the repository is encrypted', async () => {
  assert.equal(pg.sql('show archive_timeout'), '1min');
  assert.equal(pg.sql('show archive_mode'), 'on');
  let r = pitr(['init']);
  assert.equal(r.code, 0, r.out);
  r = pitr(['backup', 'full']);
  assert.equal(r.code, 0, r.out);
  pg.sql(
    `create table ledger (id int primary key, note text); insert into ledger select g, '${MARKER}' from generate_series(1, 100) g`,
  );
  await sleep(1100);
  const noted = pg.sql('select now()');
  await sleep(1100);
  pg.sql(`insert into ledger select g, 'after' from generate_series(101, 200) g`);
  // the shape of the app's migration bookkeeping, for the drill's check
  pg.sql(
    "create table kysely_migration (name text primary key, timestamp text); insert into kysely_migration values ('0001_first', now()::text); create table kysely_migration_lock (id text primary key, is_locked int); insert into kysely_migration_lock values ('migration_lock', 0)",
  );
  r = pitr(['check']); // switches WAL and waits until the segment is archived
  assert.equal(r.code, 0, r.out);
  assert.equal(pg.sql('select failed_count from pg_stat_archiver'), '0');

  // the point-in-time drill: the latest backup + every archived segment, into a throwaway server
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_first.ts'), '');
  mkdirSync(join(dir, 'metrics'));
  const drill = script('drill', ['--pitr'], {
    DRILL_PITR_DATABASE: 'postgres',
    DRILL_MIGRATIONS_DIR: join(dir, 'migrations'),
    DRILL_WORK_DIR: dir,
    NODE_EXPORTER_TEXTFILE_DIR: join(dir, 'metrics'),
  });
  assert.equal(drill.code, 0, drill.out);
  assert.match(drill.out, /promoted; newest recovered commit/);
  assert.match(drill.out, /all 1 migrations of the app applied/);
  const prom = readFileSync(join(dir, 'metrics', 'drill.prom'), 'utf8');
  assert.match(prom, /^restore_drill_pitr_last_status 1$/m);
  assert.match(prom, /^restore_drill_pitr_last_success_timestamp_seconds \d+$/m);
  const age = Number(/^restore_drill_pitr_data_age_seconds (\d+)$/m.exec(prom)?.[1]);
  assert.ok(age >= 0 && age < 3600, `data age ${age}`);
  assert.ok(!readdirSync(dir).some((f) => f.startsWith('coppertone-drill-pitr.')), 'the throwaway server is removed');
  console.log(`# drill --pitr: passed, recovered data ${age} s old`);
  const stopped = pg.stop('fast');
  assert.equal(stopped.code, 0, stopped.out);

  // encrypted: every object in the bucket starts with OpenSSL's salt header, none holds the rows' text
  const objects: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('._S3rver_object')) objects.push(join(d, e.name));
  };
  walk(join(dir, 's3', 'data', 'pitr'));
  assert.ok(
    objects.some((f) => f.includes('/archive/coppertone/')),
    'no WAL in the S3 repository',
  );
  assert.ok(
    objects.some((f) => f.includes('/backup/coppertone/')),
    'no backup in the S3 repository',
  );
  for (const f of objects) {
    const bytes = readFileSync(f);
    assert.equal(bytes.subarray(0, 8).toString('latin1'), 'Salted__', `${f} is not encrypted`);
    assert.ok(!bytes.includes(MARKER), `${f} holds plaintext`);
  }

  // a non-empty target is refused
  r = pitr(['restore', '--time', noted, '--pgdata', pg.data]);
  assert.notEqual(r.code, 0);
  assert.match(r.out, /is not empty: restore refuses/);

  renameSync(pg.data, `${pg.data}-lost`);
  const t0 = performance.now();
  r = pitr(['restore', '--time', noted, '--pgdata', pg.data]);
  assert.equal(r.code, 0, r.out);
  pg.start();
  for (let i = 0; i < 120 && pg.sql('select pg_is_in_recovery()') !== 'f'; i++) await sleep(500);
  assert.equal(pg.sql('select count(*), min(id), max(id) from ledger'), '100|1|100');
  assert.equal(pg.sql(`select count(*) from ledger where note = '${MARKER}'`), '100');
  console.log(`# PITR: restore to the noted time and promotion in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});
