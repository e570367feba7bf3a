// Loki's and Alloy's configuration, checked as far as this machine allows (neither installs here:
// what was not run is in README.md), and blackbox_exporter's modules with the real exporter.
//   node --test deploy/monitoring/logging-config.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

test('Loki: single node on the filesystem, TSDB schema v13, 31 days kept and deleted after', () => {
  const loki = parse(read('./loki/config.yaml')) as Record<string, never>;
  const c = loki as unknown as {
    auth_enabled: boolean;
    server: { http_listen_port: number };
    common: { replication_factor: number; ring: { kvstore: { store: string } }; storage: { filesystem: object } };
    schema_config: { configs: Array<{ store: string; schema: string; object_store: string }> };
    limits_config: { retention_period: string; allow_structured_metadata: boolean };
    compactor: { retention_enabled: boolean; delete_request_store: string };
  };
  assert.equal(c.auth_enabled, false);
  assert.equal(c.server.http_listen_port, 3100);
  assert.equal(c.common.replication_factor, 1);
  assert.equal(c.common.ring.kvstore.store, 'inmemory');
  assert.ok(c.common.storage.filesystem);
  assert.deepEqual(
    c.schema_config.configs.map((s) => [s.store, s.schema, s.object_store]),
    [['tsdb', 'v13', 'filesystem']],
  );
  assert.equal(c.limits_config.retention_period, '744h');
  // Alloy sends level and requestId as structured metadata: Loki must accept it.
  assert.equal(c.limits_config.allow_structured_metadata, true);
  assert.equal(c.compactor.retention_enabled, true);
  assert.equal(c.compactor.delete_request_store, 'filesystem');
  // Grafana's data source and Alloy's push address name the port Loki listens on.
  assert.match(read('./grafana/provisioning/datasources/datasources.yaml'), /url: http:\/\/loki:3100/);
});

/**
 * Alloy's syntax, as far as this checks it: strings closed, braces balanced (outside strings and
 * comments). Returns the component blocks (`name "label" {`) in order.
 */
function alloyBlocks(text: string): string[] {
  let code = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      code += '\n';
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        assert.notEqual(text[j], '\n', `an unclosed string at ${i}`);
        j += text[j] === '\\' ? 2 : 1;
      }
      assert.ok(j < text.length, `an unclosed string at ${i}`);
      code += '""';
      i = j;
      continue;
    }
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    assert.ok(depth >= 0, `a } without its { at ${i}`);
    code += ch;
  }
  assert.equal(depth, 0, 'a { without its }');
  return [...code.matchAll(/^([a-z_.]+)\s+""\s*\{/gm)].map((m) => m[1] as string);
}

test("Alloy: every container log through Podman's socket to Loki, labelled service and env", () => {
  const text = read('./alloy/config.alloy');
  assert.deepEqual(alloyBlocks(text), [
    'discovery.docker',
    'discovery.relabel',
    'loki.source.docker',
    'loki.process',
    'loki.write',
  ]);
  assert.match(text, /host\s+=\s+"unix:\/\/\/run\/podman\/podman\.sock"/);
  assert.match(text, /url = "http:\/\/loki:3100\/loki\/api\/v1\/push"/);
  for (const label of ['service', 'env', 'container'])
    assert.match(text, new RegExp(`target_label\\s+=\\s+"${label}"`));
  // The labels podman-compose 1.0.3 puts on every container it starts (its source, checked here).
  assert.match(text, /__meta_docker_container_label_com_docker_compose_service/);
  assert.match(text, /__meta_docker_container_label_com_docker_compose_project/);
  // The env rule, anchored as Alloy (RE2) anchors relabel regexes, on the deploy's project names.
  const envRule = /regex\s+=\s+"(coppertone-[^"]+)"/.exec(text)?.[1];
  assert.ok(envRule);
  const env = (project: string) => new RegExp(`^(?:${envRule})$`).exec(project)?.[1];
  assert.equal(env('coppertone-production'), 'production');
  assert.equal(env('coppertone-production-blue'), 'production');
  assert.equal(env('coppertone-staging-green'), 'staging');
  assert.equal(env('compose'), undefined);
});

test('blackbox_exporter accepts the modules (its own --config.check)', () => {
  const out = execFileSync(
    'prometheus-blackbox-exporter',
    ['--config.check', `--config.file=${new URL('./blackbox.yml', import.meta.url).pathname}`],
    { encoding: 'utf8', timeout: 20_000, stdio: 'pipe' },
  );
  assert.equal(typeof out, 'string');
  const modules = Object.keys((parse(read('./blackbox.yml')) as { modules: object }).modules);
  assert.ok(modules.includes('http_2xx'), 'prometheus.yml probes with http_2xx');
  assert.match(read('./prometheus.yml'), /module: \[http_2xx\]/);
});
