// The production compose file, checked without starting anything that would run: every required
// setting missing stops `podman-compose up` before any container exists, naming the setting; and
// only the edge publishes a port beyond 127.0.0.1. Runs on a copy of the file in a temp dir, so an
// operator's deploy/compose/.env cannot fill the gaps.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { containersConf, podman, repoRoot, run } from './podman.ts';

const project = 'coppertone-prodcheck';
const dir = mkdtempSync(join(tmpdir(), 'prod-compose-'));
copyFileSync(join(repoRoot, 'deploy/compose/prod.yaml'), join(dir, 'prod.yaml'));
after(() => rmSync(dir, { recursive: true, force: true }));

const REQUIRED: Record<string, string> = {
  COPPERTONE_TAG: 'abc123',
  PUBLIC_URL: 'https://coppertone.example',
  POSTGRES_PASSWORD: 'not-a-real-password',
  SMTP_URL: 'smtp://mail.example:587',
  CONTACT_NOTIFY_EMAIL: 'staff@coppertone.example',
  TLS_CERT_DIR: '/nonexistent/tls',
  STRIPE_SECRET_KEY: 'sk_live_not_real',
  STRIPE_WEBHOOK_SECRET: 'whsec_not_real',
  BTCPAY_URL: 'https://btcpay.coppertone.example',
  BTCPAY_API_KEY: 'not-real',
  BTCPAY_STORE_ID: 'not-real',
  BTCPAY_WEBHOOK_SECRET: 'not-real',
};

function composeUp(env: Record<string, string>) {
  return run('podman-compose', ['-p', project, '-f', 'prod.yaml', 'up', '-d'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CONTAINERS_CONF: containersConf, ...env },
  });
}

describe('prod compose refuses to start without a required setting', () => {
  for (const missing of Object.keys(REQUIRED)) {
    test(`without ${missing}: stops, names it, starts nothing`, async () => {
      const env = { ...REQUIRED };
      delete env[missing];
      const result = await composeUp(env);
      assert.notEqual(result.code, 0, 'podman-compose up succeeded');
      assert.match(result.stdout + result.stderr, new RegExp(`${missing} is required`));
      const left = await podman(
        'ps',
        '-a',
        '--filter',
        `label=io.podman.compose.project=${project}`,
        '--format',
        '{{.Names}}',
      );
      assert.equal(left, '', `containers were created: ${left}`);
    });
  }
});

test('only the edge publishes ports beyond 127.0.0.1; every service has a restart policy', async () => {
  const parsed = await run('python3', [
    '-c',
    'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
    join(dir, 'prod.yaml'),
  ]);
  assert.equal(parsed.code, 0, parsed.stderr);
  const compose = JSON.parse(parsed.stdout) as {
    services: Record<string, { ports?: string[]; restart?: string; image?: string }>;
  };
  for (const [name, service] of Object.entries(compose.services)) {
    assert.ok(service.restart, `${name} has no restart policy`);
    for (const port of service.ports ?? []) {
      if (name === 'edge') continue;
      assert.match(port, /^127\.0\.0\.1:/, `${name} publishes ${port}`);
    }
  }
  for (const name of ['edge', 'web', 'identity', 'work', 'contact', 'billing', 'worker', 'postgres'])
    assert.ok(compose.services[name], `prod.yaml has no ${name}`);
});
