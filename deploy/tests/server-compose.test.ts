// The compose files of a blue/green server (deploy/server/), read as podman-compose 1.0.3 reads
// them: each file parsed, normalised and substituted by its own functions, then merged in order
// (so a missing required setting fails here exactly as in `up`). Checks the admin site's wiring:
// server.yaml's edge mounts the password directory and joins `coppertone-<env>-admin`, and
// compose/prod.yaml's monitoring services layered with server/monitoring.yaml join that network and
// the environment's frontend and backend (the release sets' networks) instead of new ones.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot, run } from './podman.ts';
import { PROD_REQUIRED_SETTINGS } from './prod-settings.ts';

interface Service {
  image?: string;
  volumes?: string[];
  networks?: string[];
  profiles?: string[];
}
interface Network {
  name?: string;
  external?: boolean;
}
interface Compose {
  services: Record<string, Service>;
  networks: Record<string, Network | null>;
}

const SERVER_ENV: Record<string, string> = {
  DEPLOY_ENV: 'production',
  DEPLOY_STATE: '/opt/coppertone/var/production',
  EDGE_ADMIN_AUTH_DIR: '/opt/coppertone/var/production/edge/admin-auth',
  POSTGRES_IMAGE: 'registry.example/coppertone/postgres@sha256:0',
  EDGE_IMAGE: 'registry.example/coppertone/edge@sha256:0',
  POSTGRES_PASSWORD: 'not-a-real-password',
  PGBACKREST_CONF: '/dev/null',
  PGBACKREST_DIR: '/opt/coppertone/var/production/pgbackrest',
  DOMAIN: 'coppertone.example',
  TLS_CERT_DIR: '/opt/coppertone/tls',
  EDGE_SITES: 'admin',
};
// compose/prod.yaml's required settings: the environment's settings file has them, but COPPERTONE_TAG.
const PROD_ENV: Record<string, string> = { DEPLOY_ENV: 'production', ...PROD_REQUIRED_SETTINGS };

// release.yaml's: one set's images and name, and the functions' settings.
const RELEASE_ENV: Record<string, string> = {
  ...PROD_ENV,
  DEPLOY_SET: 'coppertone-production-blue',
  ...Object.fromEntries(
    ['WEB', 'IDENTITY', 'WORK', 'CONTACT', 'BILLING', 'WORKER'].map((n) => [
      `${n}_IMAGE`,
      'registry.example/x@sha256:0',
    ]),
  ),
};

/** The files merged as podman-compose does (normalize, rec_subs, rec_merge, in order). */
async function render(files: string[], env: Record<string, string>): Promise<{ error: string; doc: Compose }> {
  const line = await run('sh', ['-c', 'head -n 1 "$(command -v podman-compose)"']);
  const python = /^#!\s*(\S+)/.exec(line.stdout)?.[1] ?? '/usr/bin/python3';
  const result = await run(
    python,
    [
      '-c',
      `import json, sys, yaml
from podman_compose import normalize, rec_subs, rec_merge
env = json.loads(sys.argv[1])
doc = {}
try:
    for name in sys.argv[2:]:
        rec_merge(doc, rec_subs(normalize(yaml.safe_load(open(name))), env))
except RuntimeError as e:
    sys.exit(f"missing setting: {e}")
print(json.dumps(doc))`,
      JSON.stringify(env),
      ...files.map((f) => join(repoRoot, f)),
    ],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  );
  if (result.code !== 0) return { error: result.stderr.trim(), doc: { services: {}, networks: {} } };
  return { error: '', doc: JSON.parse(result.stdout) as Compose };
}

const onNetwork = (doc: Compose, net: string, names = Object.keys(doc.services)) =>
  names.filter((name) => doc.services[name]?.networks?.includes(net)).sort();

describe('server.yaml: the edge of a blue/green server serves the admin site', () => {
  test('the edge mounts the password directory read-only and joins coppertone-<env>-admin', async () => {
    const { error, doc } = await render(['deploy/server/server.yaml'], SERVER_ENV);
    assert.equal(error, '');
    const edge = doc.services.edge;
    assert.ok(
      edge?.volumes?.includes(`${SERVER_ENV.EDGE_ADMIN_AUTH_DIR}:/run/secrets/edge-admin:ro`),
      `edge volumes: ${JSON.stringify(edge?.volumes)}`,
    );
    assert.deepEqual(onNetwork(doc, 'admin'), ['edge'], 'only the edge is on the admin network here');
    assert.equal(doc.networks.admin?.name, 'coppertone-production-admin');
    assert.notEqual(doc.networks.admin?.external, true, 'server.yaml makes the admin network');
  });

  test('without EDGE_ADMIN_AUTH_DIR (the deploy sets it) nothing renders, naming it', async () => {
    const env = { ...SERVER_ENV };
    delete env.EDGE_ADMIN_AUTH_DIR;
    const { error } = await render(['deploy/server/server.yaml'], env);
    assert.match(error, /EDGE_ADMIN_AUTH_DIR is required/);
  });
});

describe('server/monitoring.yaml over compose/prod.yaml: monitoring on the environment networks', () => {
  const files = ['deploy/compose/prod.yaml', 'deploy/server/monitoring.yaml'];

  test('frontend, backend and admin are the environment ones (external), monitoring stays its own', async () => {
    const { error, doc } = await render(files, PROD_ENV);
    assert.equal(error, '');
    const [server, release] = await Promise.all([
      render(['deploy/server/server.yaml'], SERVER_ENV),
      render(['deploy/server/release.yaml'], RELEASE_ENV),
    ]);
    assert.equal(server.error + release.error, '');
    for (const net of ['frontend', 'backend', 'admin']) {
      assert.equal(doc.networks[net]?.external, true, `${net} is not external`);
      assert.equal(doc.networks[net]?.name, `coppertone-production-${net}`);
      // The same network the deploy makes (server.yaml) and the release sets join (release.yaml).
      assert.equal(server.doc.networks[net]?.name, doc.networks[net]?.name, `server.yaml's ${net}`);
      if (net !== 'admin')
        assert.equal(release.doc.networks[net]?.name, doc.networks[net]?.name, `release.yaml's ${net}`);
    }
    assert.notEqual(doc.networks.monitoring?.external, true);
  });

  test('the admin network holds exactly what the admin site shows: Grafana, Prometheus, Alertmanager', async () => {
    const { doc } = await render(files, PROD_ENV);
    const monitoring = Object.keys(doc.services).filter((name) => doc.services[name]?.profiles?.includes('monitoring'));
    assert.deepEqual(onNetwork(doc, 'admin', monitoring), ['alertmanager', 'grafana', 'prometheus']);
    assert.ok(doc.services.prometheus?.networks?.includes('backend'), 'Prometheus cannot reach the worker');
  });

  test('without DEPLOY_ENV nothing renders, naming it', async () => {
    const env = { ...PROD_ENV };
    delete env.DEPLOY_ENV;
    const { error } = await render(files, env);
    assert.match(error, /DEPLOY_ENV is required/);
  });
});
