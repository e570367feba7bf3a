// The production compose file, started for real with the images under test (COPPERTONE_TAG), a
// self-signed certificate and throwaway settings, on loopback ports: HTTP redirects to HTTPS,
// HTTPS serves the site and every function with HSTS, the functions' metrics are on 127.0.0.1
// only, the edge cannot reach the database (two networks), and with EDGE_SITES it serves the
// gitea.DOMAIN and matrix.DOMAIN sites and the Matrix delegation (Gitea and Synapse themselves
// cannot be pulled here, so they are not started: the edge answers 502 for them). Removed afterwards.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { containersConf, podman, repoRoot, run, until } from './podman.ts';

const tag = process.env.COPPERTONE_TAG;
const project = 'coppertone-prodsmoke';
const ports = { http: 28080, https: 28443, postgres: 25432, metricsPrefix: '2910' };
const dir = mkdtempSync(join(tmpdir(), 'prod-stack-'));
const domain = 'coppertone.test';
const SERVICES = ['postgres', 'edge', 'web', 'identity', 'work', 'contact', 'billing', 'worker'];
const FUNCTIONS = ['identity', 'work', 'contact', 'billing'];

async function curl(...args: string[]) {
  return run('curl', ['-sk', '--max-time', '5', ...args]);
}

async function tearDown() {
  const names = (await podman('ps', '-aq', '--filter', `label=io.podman.compose.project=${project}`))
    .split('\n')
    .filter(Boolean);
  if (names.length) {
    await run('podman', ['stop', '-t', '5', ...names]);
    await run('podman', ['rm', '-f', ...names]);
  }
  const volumes = (await podman('volume', 'ls', '-q', '--filter', `label=io.podman.compose.project=${project}`))
    .split('\n')
    .filter(Boolean);
  if (volumes.length) await run('podman', ['volume', 'rm', '-f', ...volumes]);
  for (const network of ['frontend', 'backend']) await run('podman', ['network', 'rm', '-f', `${project}_${network}`]);
}

before(async () => {
  assert.ok(tag, 'COPPERTONE_TAG is required: the tag of the images under test');
  await tearDown();
  mkdirSync(join(dir, 'tls'));
  const cert = await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-keyout',
    join(dir, 'tls/privkey.pem'),
    '-out',
    join(dir, 'tls/fullchain.pem'),
  ]);
  assert.equal(cert.code, 0, cert.stderr);
  await run('chmod', ['644', join(dir, 'tls/privkey.pem')]); // the edge runs as uid 101
  copyFileSync(join(repoRoot, 'deploy/compose/prod.yaml'), join(dir, 'prod.yaml'));
  const env: Record<string, string> = {
    COPPERTONE_TAG: tag as string,
    PUBLIC_URL: `https://127.0.0.1:${ports.https}`,
    DOMAIN: domain,
    EDGE_SITES: 'gitea,matrix',
    POSTGRES_PASSWORD: 'smoke0test0only',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    CONTACT_NOTIFY_EMAIL: 'staff@coppertone.example',
    TLS_CERT_DIR: join(dir, 'tls'),
    EDGE_HTTP_PORT: `127.0.0.1:${ports.http}`,
    EDGE_HTTPS_PORT: `127.0.0.1:${ports.https}`,
    POSTGRES_HOST_PORT: String(ports.postgres),
    METRICS_PORT_PREFIX: ports.metricsPrefix,
    STRIPE_SECRET_KEY: 'sk_test_smoke',
    STRIPE_WEBHOOK_SECRET: 'whsec_smoke',
    BTCPAY_URL: 'https://btcpay.invalid',
    BTCPAY_API_KEY: 'smoke',
    BTCPAY_STORE_ID: 'smoke',
    BTCPAY_WEBHOOK_SECRET: 'smoke',
  };
  // As an operator would: the settings in the .env beside the compose file.
  writeFileSync(
    join(dir, '.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  const up = await run('podman-compose', ['-p', project, '-f', 'prod.yaml', 'up', '-d', ...SERVICES], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CONTAINERS_CONF: containersConf },
  });
  assert.equal(up.code, 0, `podman-compose up: ${up.stderr.slice(-2000)}`);
  await until('every function to answer through the HTTPS edge', 120_000, async () => {
    for (const fn of FUNCTIONS) {
      const r = await curl(
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        `https://127.0.0.1:${ports.https}/api/${fn}/openapi.json`,
      );
      if (r.stdout !== '200') return undefined;
    }
    return true;
  });
});

after(async () => {
  await tearDown();
  rmSync(dir, { recursive: true, force: true });
});

test('HTTP answers Let’s Encrypt’s path and otherwise redirects to HTTPS', async () => {
  const r = await curl(
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{redirect_url}',
    `http://127.0.0.1:${ports.http}/services`,
  );
  assert.match(r.stdout, /^308 https:\/\/127\.0\.0\.1\/services$/);
  const acme = await curl(
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    `http://127.0.0.1:${ports.http}/.well-known/acme-challenge/x`,
  );
  assert.equal(acme.stdout, '404', 'the challenge path is served from the webroot, not redirected');
});

test('HTTPS serves the site with HSTS, and every function under /api/<name>', async () => {
  const head = await curl('-D', '-', '-o', '/dev/null', `https://127.0.0.1:${ports.https}/`);
  assert.match(head.stdout, /^HTTP\/2 200/m);
  assert.match(head.stdout, /^strict-transport-security: max-age=\d+/im);
  for (const fn of FUNCTIONS) {
    const r = await curl(`https://127.0.0.1:${ports.https}/api/${fn}/openapi.json`);
    assert.equal((JSON.parse(r.stdout) as { openapi?: string }).openapi?.startsWith('3.'), true, fn);
  }
  const metrics = await curl(
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    `https://127.0.0.1:${ports.https}/api/identity/metrics`,
  );
  assert.equal(metrics.stdout, '404', 'metrics are not public');
});

test('the functions’ metrics are on 127.0.0.1 for the host’s Prometheus', async () => {
  for (let i = 1; i <= 5; i++) {
    const r = await curl(`http://127.0.0.1:${ports.metricsPrefix}${i}/metrics`);
    assert.match(r.stdout, /^# HELP /m, `port ${ports.metricsPrefix}${i}`);
  }
});

test('the edge cannot reach PostgreSQL (it is on the backend network only)', async () => {
  const probe = await run('podman', [
    'exec',
    `${project}_edge_1`,
    '/bin/busybox',
    'nc',
    '-z',
    '-w',
    '2',
    'postgres',
    '5432',
  ]);
  assert.notEqual(probe.code, 0, 'the edge reached postgres:5432');
  const fromFunction = await run('podman', [
    'exec',
    `${project}_identity_1`,
    '/nodejs/bin/node',
    '-e',
    "require('node:net').connect(5432, 'postgres').on('connect', () => process.exit(0)).on('error', () => process.exit(1))",
  ]);
  assert.equal(fromFunction.code, 0, 'a function cannot reach postgres:5432');
});

/** An HTTPS request to the edge for a host name of DOMAIN (resolved to the loopback port). */
async function hostCurl(host: string, path: string, ...args: string[]) {
  return curl('--resolve', `${host}:${ports.https}:127.0.0.1`, ...args, `https://${host}:${ports.https}${path}`);
}

test('the main site delegates Matrix to matrix.DOMAIN (/.well-known/matrix)', async () => {
  const server = await hostCurl(domain, '/.well-known/matrix/server');
  assert.deepEqual(JSON.parse(server.stdout), { 'm.server': `matrix.${domain}:443` });
  const client = await hostCurl(domain, '/.well-known/matrix/client', '-D', '-');
  assert.match(client.stdout, /^access-control-allow-origin: \*/im);
  const body = client.stdout.slice(client.stdout.indexOf('{'));
  assert.deepEqual(JSON.parse(body), { 'm.homeserver': { base_url: `https://matrix.${domain}` } });
});

test('gitea.DOMAIN and matrix.DOMAIN are proxied to Gitea and Synapse (502 while they are not running)', async () => {
  const code = (host: string, path: string) => hostCurl(host, path, '-o', '/dev/null', '-w', '%{http_code}');
  assert.equal((await code(`gitea.${domain}`, '/api/healthz')).stdout, '502');
  assert.equal((await code(`matrix.${domain}`, '/_matrix/client/versions')).stdout, '502');
  // Synapse's admin API and anything else on matrix.DOMAIN stay closed.
  const other = await hostCurl(`matrix.${domain}`, '/_synapse/admin/v1/server_version');
  assert.match(other.stdout, /M_NOT_FOUND/);
  // The main site is still the site.
  assert.equal((await code(domain, '/')).stdout, '200');
  // Both carry HSTS.
  const head = await hostCurl(`gitea.${domain}`, '/healthz', '-D', '-', '-o', '/dev/null');
  assert.match(head.stdout, /^strict-transport-security: max-age=\d+/im);
});

test('the edge refuses an unknown EDGE_SITES name, and EDGE_SITES without DOMAIN, naming them', async () => {
  const image = `localhost/coppertone/edge:${tag}`;
  const unknown = await run('podman', [
    'run',
    '--rm',
    '-e',
    'EDGE_SITES=gitlab',
    '-e',
    `DOMAIN=${domain}`,
    image,
    'prod',
  ]);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /EDGE_SITES names 'gitlab'; expected gitea, matrix, admin or none/);
  const noDomain = await run('podman', ['run', '--rm', '-e', 'EDGE_SITES=matrix', image, 'prod']);
  assert.equal(noDomain.code, 64);
  assert.match(noDomain.stderr, /needs DOMAIN/);
});
