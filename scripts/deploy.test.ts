// scripts/deploy and the server half's request parsing: what stops before anything is touched
// (no registry, server or Podman needed). The real path runs in the rehearsal (npm run deploy:rehearse).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SHA = 'a'.repeat(40);

// A clean environment: none of the CI settings of the machine running the test leak in.
function run(file: string, args: string[], env: Record<string, string> = {}, input = '') {
  const res = spawnSync('bash', [join(ROOT, file), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    timeout: 20_000,
  });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}
const deploy = (args: string[], env: Record<string, string> = {}) => run('scripts/deploy', args, env);

describe('scripts/deploy', () => {
  it('explains itself with --help', () => {
    const { status, out } = deploy(['--help']);
    expect(status).toBe(0);
    for (const word of ['build', 'push', '--rollback', 'releases', 'REGISTRY_TOKEN', '<ENV>_SSH_KEY', 'postgres'])
      expect(out).toContain(word);
  });

  it('refuses an unknown environment, naming the known ones', () => {
    const { status, out } = deploy(['prod', SHA]);
    expect(status).toBe(2);
    expect(out).toMatch(/unknown environment 'prod' \(expected: staging production\)/);
  });

  it('refuses a deploy with missing settings, naming every one, before contacting anything', () => {
    const { status, out } = deploy(['staging', SHA], { REGISTRY: '127.0.0.1:1', STAGING_SSH_HOST: '127.0.0.1' });
    expect(status).toBe(2);
    expect(out).toContain(
      'missing settings: STAGING_SSH_KEY STAGING_SSH_KNOWN_HOSTS REGISTRY_OWNER REGISTRY_USER REGISTRY_TOKEN',
    );
  });

  it('takes only a full commit SHA', () => {
    const { status, out } = deploy(['production', 'abc123']);
    expect(status).toBe(2);
    expect(out).toContain("not a full commit SHA: 'abc123'");
  });

  // Podman (with the project's settings) on a store of its own: the machine's store may be locked
  // for minutes by an image build running beside the tests (CI builds the images meanwhile), and
  // this store never holds the SHA.
  it('refuses a push when the images of the SHA were not built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-test-store-'));
    writeFileSync(
      join(dir, 'storage.conf'),
      `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/root"\nrunroot = "${dir}/run"\n`,
    );
    const { status, out } = deploy(['push', SHA], {
      PATH: `${join(ROOT, 'scripts')}:/usr/bin:/bin`,
      CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
      CONTAINERS_CONF: join(ROOT, 'deploy', 'containers.conf'),
    });
    rmSync(dir, { recursive: true, force: true });
    expect(status).toBe(2);
    expect(out).toMatch(
      new RegExp(
        `image localhost/coppertone/\\w+:${SHA} is missing: run scripts/deploy build ${SHA} first|podman: command not found`,
      ),
    );
  });
});

describe('deploy-server request (the forced command)', () => {
  const server = (input: string) => run('deploy/server/deploy-server.sh', ['--ssh'], {}, input);

  it('refuses anything with characters outside plain words', () => {
    for (const evil of ['deploy staging $(id)', 'releases staging; rm -rf /', 'check `id`', 'check a|b']) {
      const { status, out } = server(`${evil}\n`);
      expect(status, evil).toBe(2);
      expect(out, evil).toContain('request has characters outside');
    }
  });

  it('starts PostgreSQL alone only for an environment it knows, with an image digest', () => {
    const usage = server('postgres production\n');
    expect(usage.status).toBe(2);
    expect(usage.out).toContain('usage: postgres ENV sha256:');
    const { status, out } = server(`postgres nowhere sha256:${'0'.repeat(64)}\n`);
    expect(status).toBe(2);
    expect(out).toContain("unknown environment 'nowhere'");
  });

  it('refuses unknown commands and environments it has no settings for', () => {
    expect(server('shell\n').out).toContain("unknown command 'shell'");
    const { status, out } = server('releases nowhere\n');
    expect(status).toBe(2);
    expect(out).toContain("unknown environment 'nowhere'");
  });
});

// Each case starts bash a few times: generous on a loaded machine.
describe('deploy-server rollback check (which applied migrations stop a rollback)', { timeout: 30_000 }, () => {
  // The check alone, sourced; the same check against a real database: packages/db/src/migrate.int.test.ts.
  const blockers = (known: string, applied: string, migrator: string) =>
    spawnSync(
      'bash',
      [
        '-c',
        'set -euo pipefail; source deploy/server/deploy-server.sh; rollback_blockers <(printf "$KNOWN") "$MIGRATOR"',
      ],
      {
        cwd: ROOT,
        input: applied,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          KNOWN: known,
          MIGRATOR: migrator,
        },
        timeout: 20_000,
      },
    ).stdout;
  const known = 'a-first contract\\nb-second expand\\n';
  const applied = 'a-first contract\nb-second expand\nc-later expand\nd-later contract\n';

  it('lets a release whose migrator tolerates them go back over unknown expand migrations only', () => {
    expect(blockers(known, applied, 'tolerates-expand')).toBe('d-later (contract)\n');
    expect(blockers(known, 'a-first contract\nc-later expand\n', 'tolerates-expand')).toBe('');
  });

  it('stops a release with a strict migrator at every unknown migration, expand ones too', () => {
    expect(blockers(known, applied, 'strict')).toBe('c-later (expand)\nd-later (contract)\n');
  });

  it('has nothing to stop on an empty database', () => {
    expect(blockers(known, '', 'strict')).toBe('');
  });
});
