// What a failing WAL archive does to the production PostgreSQL (archive.conf + the example's
// pgbackrest.conf, as in pitr.test.ts) while its S3 repository is unreachable (nothing listens on
// its port): a fast shutdown still ends within its bound, and past archive-push-queue-max the WAL
// is dropped instead of filling pg_wal, visibly (pg_stat_archiver, pgBackRest's warning in the
// server log). Two test values: archive-push-queue-max 32MiB (two WAL segments, not 4GiB) and
// io-timeout 5 s (pgBackRest gives a dead repository up after about 8 × io-timeout; 15 s would be
// two minutes). archive-timeout, which bounds the shutdown, is the production value.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../../packages/db/src/testing/cluster.ts';
import { type ArchivingCluster, archivingCluster } from './archiving.ts';
import { makeCertificates } from './daemons.ts';

let dir: string;
let pg: ArchivingCluster;
let archiveTimeout: number;
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const ready = () => readdirSync(join(pg.data, 'pg_wal', 'archive_status')).filter((f) => f.endsWith('.ready'));
const serverLog = () => readFileSync(join(pg.dir, 'server.log'), 'utf8');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coppertone-pitr-failure-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'pg'));
  const deadPort = await freePort(); // nothing listens: connection refused, as when the storage is down
  pg = archivingCluster(
    join(dir, 'pg'),
    await freePort(),
    { port: deadPort, bucket: 'pitr', caFile: makeCertificates(join(dir, 'tls')).ca },
    { 'archive-push-queue-max': '32MiB', 'io-timeout': '5' },
  );
  archiveTimeout = Number(/^archive-timeout=(\d+)$/m.exec(readFileSync(pg.conf, 'utf8'))?.[1]);
  assert.ok(archiveTimeout > 0 && archiveTimeout <= 30, 'archive-timeout of the example');
  pg.start();
});

after(() => {
  if (pg && existsSync(join(pg.data, 'postmaster.pid'))) pg.stop('immediate');
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(what: string, seconds: number, cond: () => boolean, poke?: () => void) {
  for (let i = 0; i < seconds; i++) {
    if (cond()) return;
    if (poke && i % 5 === 4) poke();
    await sleep(1000);
  }
  assert.fail(`${what}: not after ${seconds} s`);
}

test('repository unreachable: archiving fails visibly and a fast shutdown still ends within 5 × archive-timeout + 15 s', async () => {
  pg.sql("create table filler (b text); insert into filler select repeat('x', 1000) from generate_series(1, 2000)");
  pg.sql('select pg_switch_wal()');
  await waitFor(
    'pg_stat_archiver counts the failure',
    4 * archiveTimeout,
    () => Number(pg.sql('select failed_count from pg_stat_archiver')) > 0,
  );
  assert.match(serverLog(), /archive command failed with exit code/);
  // a segment completed just before the shutdown: the archiver is mid-call when it is asked to stop
  pg.sql("insert into filler values ('last'); select pg_switch_wal()");
  const bound = 5 * archiveTimeout + 15;
  const r = pg.stop('fast', bound); // pg_ctl gives up (non-zero) if the server is still up after `bound` s
  assert.equal(r.code, 0, `fast shutdown did not end within ${bound} s: ${r.out}`);
  assert.ok(!existsSync(join(pg.data, 'postmaster.pid')));
  console.log(`# fast shutdown with the repository unreachable: ${(r.ms / 1000).toFixed(1)} s (bound ${bound} s)`);
});

test('repository unreachable: past archive-push-queue-max WAL is dropped instead of filling pg_wal, and it says so', async () => {
  pg.start();
  const failedBefore = Number(pg.sql('select failed_count from pg_stat_archiver'));
  assert.ok(failedBefore > 0, 'the failures before the restart are still counted');
  // three more 16 MiB segments: the queue passes 32MiB
  for (let i = 0; i < 3; i++) pg.sql("insert into filler values ('more'); select pg_switch_wal()");
  assert.ok(ready().length >= 3, `WAL waiting: ${ready().join(' ')}`);
  // each new segment wakes the archiver; pgBackRest's push gives the dead repository up, then drops
  await waitFor(
    'the queue dropped',
    180,
    () => ready().length === 0,
    () => pg.sql("insert into filler values ('poke'); select pg_switch_wal()"),
  );
  const log = serverLog();
  assert.match(log, /WARN: dropped WAL file '[0-9A-F]{24}' because archive queue exceeded 32MB/);
  const [archived, failed] = pg.sql('select archived_count, failed_count from pg_stat_archiver').split('|').map(Number);
  assert.ok((failed ?? 0) > failedBefore, 'the failures are counted (the alert on pg_stat_archiver_failed_count)');
  assert.ok((archived ?? 0) > 0, 'dropped segments count as archived: PostgreSQL recycles them');
  const walFiles = readdirSync(join(pg.data, 'pg_wal')).filter((f) => /^[0-9A-F]{24}$/.test(f)).length;
  console.log(
    `# queue limit: WAL dropped, ${walFiles} segment files left in pg_wal, ${failed} failed archive calls counted`,
  );
});
