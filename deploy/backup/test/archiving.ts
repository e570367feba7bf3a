// A PostgreSQL 15 that archives WAL exactly as the production image does: the production
// archive settings (deploy/backup/postgres/archive.conf) appended to postgresql.conf, and a
// pgbackrest.conf rendered from deploy/backup/pgbackrest.conf.example with only the values and
// paths a test must change (endpoint, bucket, keys, a per-run cipher pass, its temp paths) and the
// overrides a test names. Used by pitr.test.ts and pitr-failure.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresBinDir } from '../../../packages/db/src/testing/cluster.ts';

const BACKUP = join(import.meta.dirname, '..');
const asRoot = process.getuid?.() === 0;
const bin = postgresBinDir();

export interface Repository {
  /** The S3 endpoint's port on 127.0.0.1 (s3rver over TLS, or a port nothing listens on). */
  port: number;
  bucket: string;
  caFile: string;
}

export interface ArchivingCluster {
  dir: string;
  data: string;
  port: number;
  conf: string;
  /** The environment the pitr script and pgBackRest run with. */
  env: Record<string, string>;
  pg(tool: string, args: string[], timeoutMs?: number): { code: number; out: string };
  sql(q: string): string;
  start(): void;
  stop(mode: 'fast' | 'immediate', timeoutS?: number): { code: number; out: string; ms: number };
}

function owner(): { uid: number; gid: number } | undefined {
  if (!asRoot) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
  return { uid: id('-u'), gid: id('-g') };
}

/** pgbackrest.conf.example with the test's values; `overrides` replaces (or adds to [global]) keys. */
export function renderConf(dir: string, pgPort: number, repo: Repository, overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {
    'repo1-s3-endpoint': 'localhost', // pgBackRest 2.45 matches DNS names only in the certificate
    'repo1-s3-bucket': repo.bucket,
    'repo1-s3-region': 'us-east-1',
    'repo1-s3-key': 'S3RVER',
    'repo1-s3-key-secret': 'S3RVER',
    'repo1-cipher-pass': randomBytes(24).toString('base64url'), // per run, never stored
    'log-path': join(dir, 'pgbackrest', 'log'),
    'spool-path': join(dir, 'pgbackrest', 'spool'),
    'lock-path': join(dir, 'pgbackrest', 'lock'),
    'pg1-path': join(dir, 'data'),
    'pg1-port': String(pgPort),
    'pg1-socket-path': dir,
    'pg1-user': 'postgres', // initdb's superuser here; the image's is POSTGRES_USER
    ...overrides,
  };
  const extra: Record<string, string> = {
    'repo1-storage-port': String(repo.port),
    'repo1-storage-ca-file': repo.caFile,
  };
  const seen = new Set<string>();
  const lines = readFileSync(join(BACKUP, 'pgbackrest.conf.example'), 'utf8')
    .split('\n')
    .map((line) => {
      const key = /^([a-z0-9-]+)=/.exec(line)?.[1];
      if (!key || values[key] === undefined) return line;
      seen.add(key);
      return `${key}=${values[key]}`;
    });
  for (const [k, v] of Object.entries(values)) if (!seen.has(k)) extra[k] = v;
  const text = lines.join('\n').replace(
    '[global]\n',
    `[global]\n${Object.entries(extra)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('')}`,
  );
  for (const placeholder of ['OBJECT-STORAGE-ENDPOINT', 'BUCKET', 'ACCESS-KEY', 'SECRET-KEY', 'CHANGE-ME'])
    assert.ok(!text.includes(placeholder), `the example's ${placeholder} was not replaced`);
  return text;
}

/** initdb + the production archive settings + the rendered pgbackrest.conf; not started. */
export function archivingCluster(
  dir: string,
  pgPort: number,
  repo: Repository,
  overrides: Record<string, string> = {},
): ArchivingCluster {
  const ids = owner();
  const own = (p: string) => ids && chownSync(p, ids.uid, ids.gid);
  own(dir);
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'pgbackrest', 'log'), { recursive: true });
  for (const p of ['pgbackrest', 'pgbackrest/log']) own(join(dir, p));
  const conf = join(dir, 'pgbackrest.conf');
  writeFileSync(conf, renderConf(dir, pgPort, repo, overrides), { mode: 0o600 });
  own(conf);
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH}`,
    LANG: 'C.UTF-8',
    PGBACKREST_CONFIG: conf,
    PITR_OS_USER: 'postgres',
    PITR_TIMEOUT: '240',
  };
  const data = join(dir, 'data');
  const pg = (tool: string, args: string[], timeoutMs = 120_000) => {
    const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const exe = existsSync(join(bin, tool)) ? join(bin, tool) : tool;
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', 'env', ...envArgs, exe, ...args]]
      : ['env', [...envArgs, exe, ...args]];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: timeoutMs });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  const must = (tool: string, args: string[]) => {
    const r = pg(tool, args);
    assert.equal(r.code, 0, `${tool} ${args.join(' ')}: ${r.out}`);
    return r.out.trim();
  };
  must('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  // the production settings, then what only a test on a shared machine needs
  appendFileSync(join(data, 'postgresql.conf'), readFileSync(join(BACKUP, 'postgres', 'archive.conf'), 'utf8'));
  appendFileSync(
    join(data, 'postgresql.conf'),
    `\nport = ${pgPort}\nlisten_addresses = ''\nunix_socket_directories = '${dir}'\n`,
  );
  return {
    dir,
    data,
    port: pgPort,
    conf,
    env,
    pg,
    sql: (q) =>
      must('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(pgPort), '-d', 'postgres', '-c', q]),
    start: () => {
      must('pg_ctl', ['start', '-D', data, '-w', '-t', '120', '-l', join(dir, 'server.log')]);
    },
    stop: (mode, timeoutS = 60) => {
      const t0 = performance.now();
      const r = pg('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', String(timeoutS)], (timeoutS + 30) * 1000);
      return { ...r, ms: performance.now() - t0 };
    },
  };
}
