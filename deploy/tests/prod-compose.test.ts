// The production compose file, checked without starting anything that would run: every required
// setting missing stops `podman-compose up` before any container exists, naming the setting; only
// the edge publishes a port beyond 127.0.0.1; and the file renders (podman-compose's own variable
// substitution) with and without the `gitea` / `matrix` profiles, whose images cannot be pulled
// here, so they are checked as configuration. Runs on a copy of the files in a temp dir, so an
// operator's deploy/compose/.env cannot fill the gaps.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { containersConf, podman, repoRoot, run } from './podman.ts';
import { PROD_REQUIRED_SETTINGS } from './prod-settings.ts';

const project = 'coppertone-prodcheck';
const dir = mkdtempSync(join(tmpdir(), 'prod-compose-'));
copyFileSync(join(repoRoot, 'deploy/compose/prod.yaml'), join(dir, 'prod.yaml'));
cpSync(join(repoRoot, 'deploy/compose/synapse'), join(dir, 'synapse'), { recursive: true });
after(() => rmSync(dir, { recursive: true, force: true }));
function writeTemp(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const REQUIRED: Record<string, string> = { ...PROD_REQUIRED_SETTINGS, TLS_CERT_DIR: '/nonexistent/tls' };

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

interface Service {
  image?: string;
  command?: string[];
  profiles?: string[];
  restart?: string;
  read_only?: boolean;
  environment?: Record<string, string>;
  volumes?: string[];
  networks?: string[];
  ports?: string[];
  healthcheck?: { test?: string[] };
}

/** The Python that runs podman-compose (its module and PyYAML are importable there). */
async function composePython(): Promise<string> {
  const line = await run('sh', ['-c', 'head -n 1 "$(command -v podman-compose)"']);
  return /^#!\s*(\S+)/.exec(line.stdout)?.[1] ?? '/usr/bin/python3';
}

/**
 * The compose file as podman-compose reads it: parsed, then every `${VAR…}` substituted by
 * podman-compose's own function (so a missing required setting fails here exactly as in `up`).
 * Returns the services compose would run with the given profiles enabled.
 */
async function render(env: Record<string, string>, profiles: string[]) {
  const result = await run(
    await composePython(),
    [
      '-c',
      `import json, sys, yaml
from podman_compose import rec_subs
try:
    doc = rec_subs(yaml.safe_load(open(sys.argv[1])), json.loads(sys.argv[2]))
except RuntimeError as e:
    sys.exit(f"missing setting: {e}")
print(json.dumps(doc))`,
      join(dir, 'prod.yaml'),
      JSON.stringify(env),
    ],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  );
  if (result.code !== 0) return { error: result.stderr.trim(), services: {} as Record<string, Service> };
  const doc = JSON.parse(result.stdout) as { services: Record<string, Service> };
  const active = Object.entries(doc.services).filter(
    ([, s]) => !s.profiles || s.profiles.some((p) => profiles.includes(p)),
  );
  return { error: '', services: Object.fromEntries(active) };
}

const CORE = ['billing', 'contact', 'edge', 'identity', 'postgres', 'web', 'work', 'worker'];

describe('prod compose renders with and without the gitea / matrix profiles', () => {
  test('without profiles: exactly the platform; Gitea and Synapse are not started', async () => {
    const { error, services } = await render(REQUIRED, []);
    assert.equal(error, '');
    assert.deepEqual(Object.keys(services).sort(), CORE);
  });

  test('with both profiles: the platform plus Gitea and Synapse, every value substituted', async () => {
    const { error, services } = await render(REQUIRED, ['gitea', 'matrix']);
    assert.equal(error, '');
    assert.deepEqual(Object.keys(services).sort(), [...CORE, 'gitea', 'synapse'].sort());
    const text = JSON.stringify(services);
    assert.doesNotMatch(text, /\$\{/, 'a variable is left unsubstituted');
  });

  test('Gitea: pinned upstream image, SQLite in its volume, sign-up off, healthy-checked, not public', async () => {
    const { services } = await render(REQUIRED, ['gitea']);
    const gitea = services.gitea;
    assert.ok(gitea, 'no gitea service');
    assert.match(gitea.image ?? '', /^docker\.io\/gitea\/gitea:\d+\.\d+\.\d+-rootless$/);
    const env = gitea.environment ?? {};
    assert.equal(env.GITEA__database__DB_TYPE, 'sqlite3');
    assert.match(env.GITEA__database__PATH ?? '', /^\/var\/lib\/gitea\//, 'the database is not in the data volume');
    assert.ok(gitea.volumes?.some((v) => v.endsWith(':/var/lib/gitea')));
    assert.equal(env.GITEA__server__ROOT_URL, 'https://gitea.coppertone.example/');
    assert.equal(env.GITEA__service__DISABLE_REGISTRATION, 'true');
    assert.equal(env.GITEA__security__INSTALL_LOCK, 'true');
    assert.equal(gitea.read_only, true);
    assert.equal(gitea.restart, 'unless-stopped');
    assert.match((gitea.healthcheck?.test ?? []).join(' '), /\/api\/healthz/);
    assert.deepEqual(gitea.networks, ['frontend'], 'Gitea must not reach the backend (the database)');
  });

  test('Synapse: pinned upstream image, config rendered from the mounted template, registration off', async () => {
    const { services } = await render(REQUIRED, ['matrix']);
    const synapse = services.synapse;
    assert.ok(synapse, 'no synapse service');
    assert.match(synapse.image ?? '', /^docker\.io\/matrixdotorg\/synapse:v\d+\.\d+\.\d+$/);
    const env = synapse.environment ?? {};
    assert.equal(env.SYNAPSE_SERVER_NAME, 'coppertone.example');
    assert.equal(env.SYNAPSE_PUBLIC_BASEURL, 'https://matrix.coppertone.example/');
    assert.ok(synapse.volumes?.includes('./synapse/homeserver.yaml:/conf/homeserver.yaml:ro'));
    assert.ok(synapse.volumes?.some((v) => v.endsWith(':/data')));
    assert.equal(synapse.read_only, true);
    assert.match((synapse.healthcheck?.test ?? []).join(' '), /:8008\/health/);
    assert.deepEqual(synapse.networks, ['frontend']);
    // The template, rendered as the image's migrate_config renders it (Jinja; it uses only
    // \`{{ NAME }}\` and \`{{ NAME or 'default' }}\`), is valid YAML with registration and guests
    // off and the proxy's client address honoured.
    const values: Record<string, string> = {
      SYNAPSE_SERVER_NAME: 'coppertone.example',
      SYNAPSE_PUBLIC_BASEURL: 'https://matrix.coppertone.example/',
      SYNAPSE_LOG_CONFIG: '/data/log.config',
      SYNAPSE_REGISTRATION_SHARED_SECRET: 'r',
      SYNAPSE_MACAROON_SECRET_KEY: 'm',
    };
    const template = readFileSync(join(dir, 'synapse/homeserver.yaml'), 'utf8');
    assert.doesNotMatch(template, /\{%/, 'the template uses Jinja statements this check does not render');
    const text = template.replace(
      /\{\{\s*([A-Z_]+)(?:\s+or\s+'([^']*)')?\s*\}\}/g,
      (_, name: string, fallback?: string) => values[name] ?? fallback ?? '',
    );
    assert.doesNotMatch(text, /\{\{/, 'a Jinja expression is left');
    const rendered = await run(await composePython(), [
      '-c',
      'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
      writeTemp('homeserver.rendered.yaml', text),
    ]);
    assert.equal(rendered.code, 0, rendered.stderr);
    const config = JSON.parse(rendered.stdout) as Record<string, unknown> & {
      listeners: { port: number; x_forwarded: boolean }[];
      database: { name: string; args: { database: string } };
    };
    assert.equal(config.enable_registration, false);
    assert.equal(config.allow_guest_access, false);
    assert.equal(config.server_name, 'coppertone.example');
    assert.equal(config.public_baseurl, 'https://matrix.coppertone.example/');
    assert.deepEqual(
      config.listeners.map((l) => [l.port, l.x_forwarded]),
      [[8008, true]],
    );
    assert.equal(config.database.name, 'sqlite3');
    assert.match(config.database.args.database, /^\/data\//);
  });

  test('the edge is told the domain and which optional sites to serve', async () => {
    const { services } = await render({ ...REQUIRED, EDGE_SITES: 'gitea matrix' }, ['gitea', 'matrix']);
    assert.equal(services.edge?.environment?.DOMAIN, 'coppertone.example');
    assert.equal(services.edge?.environment?.EDGE_SITES, 'gitea matrix');
    const plain = await render(REQUIRED, []);
    assert.equal(plain.services.edge?.environment?.EDGE_SITES, 'none');
  });

  test('monitoring profile: Prometheus, Alertmanager, the exporters, Grafana, Loki and Alloy, on 127.0.0.1 only', async () => {
    const { error, services } = await render(REQUIRED, ['monitoring']);
    assert.equal(error, '');
    const monitoring = [
      'alertmanager',
      'alerts',
      'alloy',
      'blackbox-exporter',
      'grafana',
      'loki',
      'nginx-exporter',
      'node-exporter',
      'postgres-exporter',
      'prometheus',
    ];
    assert.deepEqual(Object.keys(services).sort(), [...CORE, ...monitoring].sort());
    assert.doesNotMatch(JSON.stringify(services), /\$\{/, 'a variable is left unsubstituted');
    for (const name of monitoring) {
      for (const port of services[name]?.ports ?? []) assert.match(port, /^127\.0\.0\.1:/, `${name} publishes ${port}`);
      assert.equal(services[name]?.read_only, true, `${name} is not read-only`);
    }
    const node = services['node-exporter']?.command ?? [];
    assert.ok(node.includes('--no-collector.systemd'), 'node-exporter without --no-collector.systemd');
    assert.ok(node.includes('--collector.textfile.directory=/textfile'));
    assert.ok(services['node-exporter']?.volumes?.some((v) => v.endsWith(':/textfile:ro')));
    assert.ok(services.grafana?.volumes?.includes('../monitoring/grafana/provisioning:/etc/grafana/provisioning:ro'));
    assert.ok(services.prometheus?.volumes?.includes('../monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro'));
    assert.ok(services.prometheus?.networks?.includes('backend'), 'Prometheus cannot reach the worker');
    assert.ok(services.alloy?.volumes?.includes('../monitoring/alloy/config.alloy:/etc/alloy/config.alloy:ro'));
    assert.ok((services.alertmanager?.command ?? []).includes('--cluster.listen-address='));
    // The admin site (deploy/nginx/edge-site-admin.conf): the edge reaches Grafana, Prometheus and
    // Alertmanager on the `admin` network and nothing else of monitoring's; their links point there.
    const onAdmin = Object.keys(services).filter((name) => services[name]?.networks?.includes('admin'));
    assert.deepEqual(onAdmin.sort(), ['alertmanager', 'edge', 'grafana', 'prometheus']);
    const admin = `https://admin.${REQUIRED.DOMAIN}`;
    assert.ok(services.prometheus?.command?.includes(`--web.external-url=${admin}/prometheus/`));
    assert.ok(services.prometheus?.command?.includes('--web.route-prefix=/'));
    assert.ok(services.alertmanager?.command?.includes(`--web.external-url=${admin}/alertmanager/`));
    assert.ok(services.alertmanager?.command?.includes('--web.route-prefix=/'));
    assert.equal(services.grafana?.environment?.GF_SERVER_ROOT_URL, `${admin}/`);
    assert.equal(services.grafana?.environment?.GF_AUTH_ANONYMOUS_ENABLED, 'false');
    assert.equal(services.grafana?.environment?.GF_USERS_ALLOW_SIGN_UP, 'false');
    assert.ok(services.edge?.volumes?.some((v) => v.endsWith(':/run/secrets/edge-admin:ro')));
    // The job names and targets of prometheus.yml are these services.
    const prometheusYml = readFileSync(join(repoRoot, 'deploy/monitoring/prometheus.yml'), 'utf8');
    for (const [service, port] of [
      ['node-exporter', 9100],
      ['postgres-exporter', 9187],
      ['nginx-exporter', 9113],
      ['blackbox-exporter', 9115],
      ['alertmanager', 9093],
    ] as const) {
      assert.ok(services[service], `no ${service}`);
      assert.match(
        prometheusYml,
        new RegExp(`${service}:${port}`),
        `prometheus.yml does not scrape ${service}:${port}`,
      );
    }
  });

  test('without DOMAIN, rendering with the profiles fails naming it', async () => {
    const env: Record<string, string> = { ...REQUIRED };
    delete env.DOMAIN;
    const { error } = await render(env, ['gitea', 'matrix']);
    assert.match(error, /DOMAIN is required/);
  });
});
