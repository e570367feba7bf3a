// deploy/backup/pitr against a real PostgreSQL 15 and pgBackRest 2.45 (encrypted repository on
// disk): write rows, note the time, write more, restore to the noted time — exactly the rows
// before it come back. Run by deploy/backup/test.sh.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, postgresBinDir } from '../../../packages/db/src/testing/cluster.ts';

const PITR = join(import.meta.dirname, '..', 'pitr');
const MARKER = 'pitr-marker-plaintext';
let dir: string;
let env: Record<string, string>;
let port: number;
const asRoot = process.getuid?.() === 0;
const bin = postgresBinDir();

/** A PostgreSQL tool as the data directory's owner, with the pgBackRest settings in its environment. */
function pg(tool: string, args: string[]) {
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const exe = existsSync(join(bin, tool)) ? join(bin, tool) : tool;
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', 'env', ...envArgs, exe, ...args]]
    : ['env', [...envArgs, exe, ...args]];
  const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${tool} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}
const sql = (q: string) => pg('psql', ['-XAtq', '-h', dir, '-p', String(port), '-d', 'postgres', '-c', q]);
function pitr(args: string[]) {
  const r = spawnSync(PITR, args, { env, encoding: 'utf8', timeout: 600_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coppertone-pitr-test-'));
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  port = await freePort();
  env = {
    PATH: `${bin}:${process.env.PATH}`,
    PGBACKREST_STANZA: 'coppertone',
    PGBACKREST_PG1_PATH: join(dir, 'data'),
    PGBACKREST_PG1_PORT: String(port),
    PGBACKREST_PG1_SOCKET_PATH: dir,
    PGBACKREST_REPO1_PATH: join(dir, 'repo'),
    PGBACKREST_REPO1_CIPHER_TYPE: 'aes-256-cbc',
    PGBACKREST_REPO1_CIPHER_PASS: randomBytes(24).toString('base64url'), // per run, never stored
    PGBACKREST_REPO1_RETENTION_FULL: '2',
    PGBACKREST_ARCHIVE_ASYNC: 'y',
    PGBACKREST_ARCHIVE_PUSH_QUEUE_MAX: '1GiB',
    PGBACKREST_SPOOL_PATH: join(dir, 'spool'),
    PGBACKREST_LOG_PATH: join(dir, 'log'),
    PGBACKREST_LOCK_PATH: join(dir, 'lock'),
    PGBACKREST_LOG_LEVEL_CONSOLE: 'warn',
    PGBACKREST_DB_TIMEOUT: '60',
    PGBACKREST_PROTOCOL_TIMEOUT: '61',
    PGBACKREST_ARCHIVE_TIMEOUT: '30',
    PITR_TIMEOUT: '240',
  };
  pg('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  const settings = pitr(['settings']);
  assert.equal(settings.code, 0, settings.out);
  const conf = `${settings.out}\nport = ${port}\nlisten_addresses = ''\nunix_socket_directories = '${dir}'\n`;
  appendFileSync(join(dir, 'data', 'postgresql.conf'), conf);
  // the server's environment carries the pgBackRest settings to archive_command
  pg('pg_ctl', ['start', '-D', join(dir, 'data'), '-w', '-t', '60', '-l', join(dir, 'server.log')]);
});

after(() => {
  try {
    pg('pg_ctl', ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w']);
  } catch {}
  rmSync(dir, { recursive: true, force: true });
});

test('PITR: rows before the noted time come back, rows after do not; the repository is encrypted', async () => {
  assert.equal(sql('show archive_timeout'), '1min');
  let r = pitr(['init']);
  assert.equal(r.code, 0, r.out);
  r = pitr(['backup', 'full']);
  assert.equal(r.code, 0, r.out);
  sql(
    `create table ledger (id int primary key, note text); insert into ledger select g, '${MARKER}' from generate_series(1, 100) g`,
  );
  await new Promise((res) => setTimeout(res, 1100));
  const noted = sql('select now()');
  await new Promise((res) => setTimeout(res, 1100));
  sql(`insert into ledger select g, 'after' from generate_series(101, 200) g`);
  r = pitr(['check']); // switches WAL and waits until the segment is archived
  assert.equal(r.code, 0, r.out);
  pg('pg_ctl', ['stop', '-D', join(dir, 'data'), '-m', 'fast', '-w', '-t', '60']);

  // encrypted: no file of the repository holds the rows' text
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.isFile()) files.push(join(d, e.name));
  };
  walk(join(dir, 'repo'));
  assert.ok(files.length > 0);
  for (const f of files) {
    const bytes = readFileSync(f);
    // pgBackRest's aes-256-cbc files start with OpenSSL's salt header; none holds the rows' text
    assert.equal(bytes.subarray(0, 8).toString('latin1'), 'Salted__', `${f} is not encrypted`);
    assert.ok(!bytes.includes(MARKER), `${f} holds plaintext`);
  }

  // a non-empty target is refused
  r = pitr(['restore', '--time', noted, '--pgdata', join(dir, 'data')]);
  assert.notEqual(r.code, 0);
  assert.match(r.out, /is not empty: restore refuses/);

  renameSync(join(dir, 'data'), join(dir, 'data-lost'));
  const t0 = performance.now();
  r = pitr(['restore', '--time', noted, '--pgdata', join(dir, 'data')]);
  assert.equal(r.code, 0, r.out);
  pg('pg_ctl', ['start', '-D', join(dir, 'data'), '-w', '-t', '120', '-l', join(dir, 'server2.log')]);
  for (let i = 0; i < 60 && sql('select pg_is_in_recovery()') !== 'f'; i++)
    await new Promise((res) => setTimeout(res, 500));
  assert.equal(sql('select count(*), min(id), max(id) from ledger'), '100|1|100');
  assert.equal(sql(`select count(*) from ledger where note = '${MARKER}'`), '100');
  console.log(`# PITR: restore to the noted time and promotion in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  assert.ok(statSync(join(dir, 'data', 'PG_VERSION')).isFile());
});
