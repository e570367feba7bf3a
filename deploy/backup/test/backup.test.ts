// deploy/backup/{backup,restore,drill} against the real tools on 127.0.0.1: a throwaway
// PostgreSQL filled by the app's migrations and fixtures, restic into an S3 repository (s3rver over
// TLS, CA made here) and an SFTP one (sshd), Gitea/Synapse-like SQLite volumes written while the
// backup runs. Run by deploy/backup/test.sh (`npm run backup:test`), sequentially: later tests use
// the repositories earlier ones filled.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Cluster, freePort, startCluster } from '../../../packages/db/src/testing/cluster.ts';
import { type Daemon, makeCertificates, type Sshd, startS3rver, startSshd } from './daemons.ts';
import { fill, tableChecksums } from './fixture.ts';

const HERE = join(import.meta.dirname, '..');
const STEP_TIMEOUT_MS = 300_000;

let dir: string;
let cluster: Cluster;
let s3: Daemon;
let sshd: Sshd;
let env: Record<string, string>;
let s3env: Record<string, string>;
let sftpEnv: Record<string, string>;
let before_: Awaited<ReturnType<typeof tableChecksums>>;

interface Run {
  code: number;
  out: string;
  ms: number;
}

/** Runs one of the scripts (async: the event loop stays free), with a timeout; stdout+stderr. */
function run(script: string, args: string[], extra: Record<string, string> = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(join(HERE, script), args, {
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: STEP_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const r = { code: code ?? -1, out, ms: performance.now() - started };
      appendFileSync(join(dir, 'runs.log'), `\n$ ${script} ${args.join(' ')} → ${r.code}\n${out}`);
      resolve(r);
    });
  });
}

/** The metrics a script wrote to the textfile directory: metrics(file)(name), failing when absent. */
function metrics(name: string): (metric: string) => number {
  const file = join(dir, 'metrics', `${name}.prom`);
  const out: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [, key, value] = /^([a-z_]+) (\S+)$/.exec(line) ?? [];
    if (key && value) out[key] = Number(value);
  }
  return (metric) => {
    const v = out[metric];
    assert.ok(v !== undefined, `${name}.prom has no ${metric}`);
    return v;
  };
}

function psql(db: string, sqlText: string): string {
  const r = spawnSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sqlText], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const url = (db: string) => `postgres://postgres@127.0.0.1:${cluster.port}/${db}`;
const ok = (r: Run, what: string) => assert.equal(r.code, 0, `${what} failed:\n${r.out}`);
const secs = (r: Run) => `${(r.ms / 1000).toFixed(1)} s`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coppertone-backup-test-'));
  mkdirSync(join(dir, 'metrics'));
  const tls = makeCertificates(join(dir, 'tls'));
  [cluster, s3, sshd] = await Promise.all([
    startCluster(),
    startS3rver(join(dir, 's3'), tls, 'backups'),
    startSshd(join(dir, 'ssh')),
  ]);
  spawnSync('createdb', ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', 'coppertone'], {
    timeout: 30_000,
  });
  const filled = await fill(url('coppertone'));
  console.log(`# fixture: ${filled.rows} rows in ${(filled.ms / 1000).toFixed(1)} s`);
  before_ = await tableChecksums(url('coppertone'));
  env = {
    PATH: `${sshd.binDir}:${process.env.PATH}`,
    HOME: dir,
    LANG: 'C.UTF-8',
    PGHOST: '127.0.0.1',
    PGPORT: String(cluster.port),
    PGUSER: 'postgres',
    PGDATABASE: 'coppertone',
    // generated per run, never stored
    RESTIC_PASSWORD: randomBytes(18).toString('base64url'),
    RESTIC_CACHE_DIR: join(dir, 'restic-cache'),
    BACKUP_STAGING_DIR: join(dir, 'stage'),
    RESTORE_WORK_DIR: dir,
    NODE_EXPORTER_TEXTFILE_DIR: join(dir, 'metrics'),
    BACKUP_HOST: 'backup-test',
    RESTIC_PROBE_TIMEOUT: '30',
  };
  s3env = {
    RESTIC_REPOSITORY: `s3:https://127.0.0.1:${s3.port}/backups/coppertone`,
    // restic 0.14 has --cacert but no RESTIC_CACERT variable; Go reads SSL_CERT_FILE
    SSL_CERT_FILE: tls.ca,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
  sftpEnv = { RESTIC_REPOSITORY: `sftp:${sshd.host}:${join(dir, 'sftp-repo')}` };
});

after(() => {
  for (const stop of [() => s3?.stop(), () => sshd?.stop(), () => cluster?.stop()]) {
    try {
      stop();
    } catch (e) {
      console.error(e);
    }
  }
  if (process.env.BACKUP_TEST_KEEP) console.log(`# kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

test('S3 (s3rver over TLS): backup, drop the database, restore: every row is back', async () => {
  const b = await run('backup', ['--init'], s3env);
  ok(b, 'backup');
  assert.match(b.out, /skipped: Gitea volume/);
  assert.match(b.out, /skipped: Synapse volume/);
  const m = metrics('backup');
  assert.equal(m('backup_last_status'), 1);
  assert.ok(Math.abs(m('backup_last_success_timestamp_seconds') - Date.now() / 1000) < 600);
  assert.ok(m('backup_snapshots') >= 1 && m('backup_last_size_bytes') > 0 && m('backup_repository_size_bytes') > 0);
  psql('postgres', 'drop database coppertone with (force)');
  psql('postgres', 'create database coppertone');
  const r = await run('restore', [], s3env);
  ok(r, 'restore');
  assert.match(r.out, /matches the manifest/);
  assert.deepEqual(await tableChecksums(url('coppertone')), before_);
  console.log(`# S3: backup ${secs(b)}, restore ${secs(r)}; ${Object.keys(before_).length} tables and sequences equal`);
});

test('S3: a second backup the same day replaces the first (retention: one a day), and the drill passes on it', async () => {
  const b = await run('backup', [], s3env);
  ok(b, 'second backup');
  assert.match(b.out, /forget --prune/);
  // --keep-daily 7 keeps the last snapshot of each day: the morning's one is forgotten
  assert.equal(metrics('backup')('backup_snapshots'), 1);
  const d = await run('drill', [], s3env);
  ok(d, 'drill');
  assert.match(d.out, /restic check --read-data/);
  assert.match(d.out, /all \d+ migrations of the app applied/);
  const m = metrics('drill');
  assert.equal(m('restore_drill_last_status'), 1);
  assert.ok(m('restore_drill_duration_seconds') >= 0 && m('restore_drill_backup_age_seconds') < 600);
  console.log(`# S3: incremental backup ${secs(b)}, drill ${secs(d)}`);
});

test('the drill fails when the backup is older than allowed', async () => {
  await new Promise((r) => setTimeout(r, 1100));
  const d = await run('drill', ['--max-age', '0'], s3env);
  assert.notEqual(d.code, 0);
  assert.match(d.out, /the backup is too old/);
  assert.equal(metrics('drill')('restore_drill_last_status'), 0);
});

test('SFTP (sshd): backup with the volumes (SQLite written meanwhile), restore into a new database and directories', async () => {
  // Gitea- and Synapse-shaped volumes whose SQLite databases are written (WAL mode) during the backup.
  const gitea = join(dir, 'vol', 'gitea-data');
  const synapse = join(dir, 'vol', 'synapse-data');
  mkdirSync(join(gitea, 'data'), { recursive: true });
  mkdirSync(join(gitea, 'git', 'repositories', 'org'), { recursive: true });
  writeFileSync(join(gitea, 'git', 'repositories', 'org', 'README'), 'a repository file\n');
  for (const d of ['local_content', 'local_thumbnails', 'remote_content', 'remote_thumbnail'])
    mkdirSync(join(synapse, 'media_store', d), { recursive: true });
  writeFileSync(join(synapse, 'media_store', 'local_content', 'photo'), randomBytes(4096));
  writeFileSync(join(synapse, 'media_store', 'remote_content', 'cache'), randomBytes(4096));
  writeFileSync(join(synapse, 'example.signing.key'), 'ed25519 a_key not-a-real-key\n');
  writeFileSync(join(synapse, 'homeserver.yaml'), 'server_name: example.test\n');
  const sqliteInit = 'pragma journal_mode=wal; create table t (id integer primary key, body text);';
  for (const db of [join(gitea, 'data', 'gitea.db'), join(synapse, 'homeserver.db')])
    assert.equal(spawnSync('sqlite3', [db, sqliteInit], { timeout: 10_000 }).status, 0);
  // a writer per database, inserting until stopped
  const writers = [join(gitea, 'data', 'gitea.db'), join(synapse, 'homeserver.db')].map((db) =>
    spawn(
      'sh',
      [
        '-c',
        `while :; do sqlite3 "${db}" ".timeout 5000" "insert into t (body) select hex(randomblob(512)) from (select 1 union all select 2 union all select 3);" || exit 1; done`,
      ],
      {
        stdio: 'ignore',
      },
    ),
  );
  try {
    await new Promise((r) => setTimeout(r, 500));
    const vols = { GITEA_DATA_DIR: gitea, SYNAPSE_DATA_DIR: synapse };
    const b = await run('backup', ['--init'], { ...sftpEnv, ...vols });
    ok(b, 'backup to SFTP');
    assert.match(b.out, /gitea: SQLite online backup/);
    assert.match(b.out, /synapse: SQLite online backup/);
    const r = await run(
      'restore',
      ['--gitea-to', join(dir, 'restored', 'gitea'), '--synapse-to', join(dir, 'restored', 'synapse')],
      { ...sftpEnv, PGDATABASE: 'restored_from_sftp' },
    );
    ok(r, 'restore from SFTP');
    assert.match(r.out, /created database restored_from_sftp/);
    assert.deepEqual(await tableChecksums(url('restored_from_sftp')), before_);
    for (const db of [
      join(dir, 'restored', 'gitea', 'data', 'gitea.db'),
      join(dir, 'restored', 'synapse', 'homeserver.db'),
    ]) {
      const check = spawnSync('sqlite3', [db, 'pragma integrity_check; select count(*) > 0 from t;'], {
        encoding: 'utf8',
      });
      assert.equal(check.stdout.trim(), 'ok\n1', `${db}: ${check.stdout}${check.stderr}`);
    }
    assert.equal(
      readFileSync(join(dir, 'restored', 'gitea', 'git', 'repositories', 'org', 'README'), 'utf8'),
      'a repository file\n',
    );
    assert.ok(statSync(join(dir, 'restored', 'synapse', 'media_store', 'local_content', 'photo')).size === 4096);
    assert.ok(readdirSync(join(dir, 'restored', 'synapse')).includes('example.signing.key'));
    // the remote media caches are left out (Synapse refetches them)
    assert.ok(!existsSync(join(dir, 'restored', 'synapse', 'media_store', 'remote_content')));
    assert.ok(existsSync(join(dir, 'restored', 'synapse', 'media_store', 'local_thumbnails')));
    console.log(`# SFTP: backup with volumes ${secs(b)}, restore with volumes ${secs(r)}`);
  } finally {
    for (const w of writers) w.kill('SIGTERM');
  }
});

test('restore refuses a non-empty database, names it, changes nothing, writes the failure metric', async () => {
  const r = await run('restore', [], s3env);
  assert.notEqual(r.code, 0);
  assert.match(r.out, /database coppertone is not empty .* refuses to overwrite it/);
  assert.equal(metrics('restore')('restore_last_status'), 0);
  assert.deepEqual(await tableChecksums(url('coppertone')), before_);
});

test('--overwrite restores onto a database that has tables', async () => {
  psql('coppertone', 'delete from refunds');
  const r = await run('restore', ['--overwrite'], s3env);
  ok(r, 'restore --overwrite');
  assert.deepEqual(await tableChecksums(url('coppertone')), before_);
  assert.equal(metrics('restore')('restore_last_status'), 1);
});

test('a wrong restic password stops the backup naming it, with the failure metric', async () => {
  const b = await run('backup', [], { ...s3env, RESTIC_PASSWORD: 'not-the-password' });
  assert.notEqual(b.code, 0);
  assert.match(b.out, /wrong restic password/);
  const m = metrics('backup');
  assert.equal(m('backup_last_status'), 0);
  assert.ok(m('backup_last_failure_timestamp_seconds') > 0 && m('backup_last_success_timestamp_seconds') > 0);
});

test('an unreachable repository (S3 and SFTP) stops the backup naming it', async () => {
  const closed = await freePort();
  const s = await run('backup', [], {
    ...s3env,
    RESTIC_REPOSITORY: `s3:https://127.0.0.1:${closed}/backups/coppertone`,
    RESTIC_PROBE_TIMEOUT: '20',
  });
  assert.notEqual(s.code, 0);
  assert.match(s.out, /unreachable/);
  const f = await run('backup', [], { RESTIC_REPOSITORY: 'sftp:backup-sftp-closed:/nowhere' });
  assert.notEqual(f.code, 0);
  assert.match(f.out, /unreachable/);
  assert.equal(metrics('backup')('backup_last_status'), 0);
});

test('an unreachable database stops the backup naming it', async () => {
  const b = await run('backup', [], { ...s3env, PGPORT: String(await freePort()) });
  assert.notEqual(b.code, 0);
  assert.match(b.out, /database unreachable/);
});

test('a pg_dump of another major version is refused before anything is written, naming both, with the failure metric', async () => {
  // Only PostgreSQL 15 is installed here: a pg_dump that reports 16 stands in for a mismatched client.
  const fake = join(dir, 'pg16-bin');
  mkdirSync(fake, { recursive: true });
  writeFileSync(join(fake, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 16.4"\n', { mode: 0o755 });
  // (when run alone, no earlier backup wrote backup.prom)
  const hadSuccess = existsSync(join(dir, 'metrics', 'backup.prom'));
  const success = hadSuccess ? metrics('backup')('backup_last_success_timestamp_seconds') : 0;
  const started = Math.floor(Date.now() / 1000);
  const b = await run('backup', [], { ...s3env, PG_BINDIR: fake });
  assert.notEqual(b.code, 0);
  assert.match(b.out, /wrong major version: pg_dump 16 \(.*pg16-bin\) for a PostgreSQL 15 server/);
  assert.match(b.out, /FAILED at step "database and client version"/);
  const m = metrics('backup');
  assert.equal(m('backup_last_status'), 0);
  assert.ok(m('backup_last_failure_timestamp_seconds') >= started);
  if (hadSuccess) assert.equal(m('backup_last_success_timestamp_seconds'), success, 'the last success is kept');
  assert.ok(!existsSync(join(dir, 'stage', 'db')), 'no dump was written');
});

test('a full disk stops the backup before it writes, naming it', async (t) => {
  const small = join(dir, 'small');
  mkdirSync(small);
  // a 1 MiB tmpfs as the staging area (needs root: skipped otherwise)
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small], { timeout: 10_000 }).status !== 0) {
    t.skip('cannot mount a small tmpfs here (not root)');
    return;
  }
  try {
    const b = await run('backup', [], { ...s3env, BACKUP_STAGING_DIR: small });
    assert.notEqual(b.code, 0);
    assert.match(b.out, /disk full: 1 MiB free/);
    assert.equal(metrics('backup')('backup_last_status'), 0);
  } finally {
    spawnSync('umount', [small], { timeout: 10_000 });
  }
});

test('the drill fails when one pack file of the repository is corrupted', async () => {
  const packs: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else packs.push(join(d, e.name));
    }
  };
  walk(join(dir, 'sftp-repo', 'data'));
  assert.ok(packs.length > 0);
  // the largest pack holds the dump's data; flip bytes in its middle
  const pack = packs.sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
  const bytes = readFileSync(pack);
  const middle = Math.floor(bytes.length / 2);
  bytes.set(
    bytes.subarray(middle, middle + 64).map((b) => b ^ 0xff),
    middle,
  );
  writeFileSync(pack, bytes);
  const d = await run('drill', [], sftpEnv);
  assert.notEqual(d.code, 0, d.out);
  assert.match(d.out, /the repository is damaged/);
  assert.equal(metrics('drill')('restore_drill_last_status'), 0);
});

test('--help explains each script', async () => {
  for (const s of ['backup', 'restore', 'drill', 'pitr']) {
    const h = await run(s, ['--help']);
    ok(h, `${s} --help`);
    assert.match(h.out, /Usage: deploy\/backup\//);
  }
});

test('renovate.json: grouped updates, base image digests pinned, the ship workflow as the gate, in the maintenance runbook', () => {
  const root = join(HERE, '..', '..');
  const config = JSON.parse(readFileSync(join(root, 'renovate.json'), 'utf8'));
  assert.ok(config.extends.includes('config:recommended'));
  assert.ok(Array.isArray(config.schedule) && config.schedule.length > 0);
  const rules: Array<Record<string, unknown>> = config.packageRules;
  const npmGroup = rules.find((r) => r.groupName === 'npm minor and patch');
  assert.deepEqual(npmGroup?.matchUpdateTypes, ['minor', 'patch']);
  const images = rules.find((r) => (r.matchManagers as string[] | undefined)?.includes('dockerfile'));
  assert.equal(images?.pinDigests, true);
  assert.equal(images?.automerge, false);
  // the Containerfiles are named *.Containerfile, which Renovate's default pattern misses
  assert.ok(config.dockerfile.managerFilePatterns.some((p: string) => p.includes('Containerfile')));
  assert.match(config.description, /\.gitea\/workflows\/ship\.yaml/);
  assert.ok(existsSync(join(root, '.gitea', 'workflows', 'ship.yaml')));
  assert.match(readFileSync(join(root, 'docs', 'maintenance.md'), 'utf8'), /\[`renovate\.json`\]/);
});
