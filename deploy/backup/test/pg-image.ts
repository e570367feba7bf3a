// The production postgres image run as production runs it: read-only with its sockets and scratch
// space on tmpfs, the app's user and database (deploy/compose/prod.yaml).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The image under test: the script's argument, else the tag scripts/stack/build.sh gives this commit (STACK_TAG, else its first 12 characters). */
export const POSTGRES_IMAGE =
  process.argv[2] ??
  `localhost/coppertone/postgres:${
    process.env.STACK_TAG ??
    spawnSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim().slice(0, 12)
  }`;

/** Podman's environment: the project's containers.conf (its ulimits) unless CONTAINERS_CONF names another. */
export const podmanEnv = {
  ...process.env,
  CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? join(ROOT, 'deploy', 'containers.conf'),
};

/** `podman run -d` arguments up to the container's own: network, volumes, ports and the image follow. */
export const postgresRunArgs = (name: string, password: string): string[] => [
  'run',
  '-d',
  '--name',
  name,
  '--read-only',
  '--tmpfs',
  '/tmp',
  '--tmpfs',
  '/var/run/postgresql',
  '-e',
  'POSTGRES_USER=coppertone',
  '-e',
  'POSTGRES_DB=coppertone',
  '-e',
  `POSTGRES_PASSWORD=${password}`,
];
