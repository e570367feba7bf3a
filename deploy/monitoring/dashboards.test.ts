// The Grafana dashboards, checked without Grafana (it does not install here): the JSON is what
// dashboards.ts builds (typed by @grafana/schema: `npx tsc -p deploy/monitoring/tsconfig.json`),
// every panel's data source is provisioned, every PromQL query parses with Prometheus's grammar and
// with promtool, every LogQL query with Grafana's, and every metric a query reads is one somebody
// emits (metric-catalogue.ts, the functions' registry, README's table). Each failure names the
// dashboard, panel and query.
//   node --test deploy/monitoring/dashboards.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  dashboardQueries,
  loadDashboards,
  logqlErrors,
  promqlErrors,
  promqlMetrics,
  resolveVariables,
} from './dashboard-queries.ts';
import { allDashboards } from './grafana/dashboards.ts';
import { METRICS } from './metric-catalogue.ts';

const here = new URL('./', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, here), 'utf8');
const queries = dashboardQueries();
const tmp = mkdtempSync(join(tmpdir(), 'dashboards-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The names a function's registry can show (histograms as their _bucket, _count and _sum series). */
function registeredAppMetrics(): Set<string> {
  const source = readFileSync(new URL('../../packages/observability/src/metrics.ts', here), 'utf8');
  const names = new Set<string>();
  for (const m of source.matchAll(/(?:name: |(?:gauge|counter)\()\s*'([a-z_]+)'/g)) {
    const name = m[1] as string;
    names.add(name);
    for (const suffix of ['_bucket', '_count', '_sum']) names.add(name + suffix);
  }
  return names;
}

/** Problems of the queries given: unparsable PromQL/LogQL, metrics nobody emits. */
function queryProblems(list: typeof queries): string[] {
  const problems: string[] = [];
  for (const q of list) {
    const errors = q.language === 'promql' ? promqlErrors(q.resolved) : logqlErrors(q.resolved);
    if (errors.length) problems.push(`${q.where}: does not parse as ${q.language} (${errors.join('; ')})`);
    if (q.language === 'promql')
      for (const metric of promqlMetrics(q.resolved))
        if (!METRICS[metric])
          problems.push(`${q.where}: reads ${metric}, which nobody emits (not in metric-catalogue.ts)`);
  }
  return problems;
}

describe('dashboards', () => {
  test('the five dashboards exist, each with its own uid, and the JSON is what dashboards.ts builds', () => {
    const built = allDashboards();
    const files = loadDashboards();
    assert.deepEqual(
      files.map((f) => f.file),
      Object.keys(built).sort(),
    );
    for (const { file, dashboard } of files) {
      assert.deepEqual(
        dashboard,
        JSON.parse(JSON.stringify(built[file])),
        `${file} differs from dashboards.ts: run node deploy/monitoring/grafana/build.ts`,
      );
    }
    const uids = files.map((f) => f.dashboard.uid);
    assert.equal(new Set(uids).size, uids.length, `duplicate uid in ${uids.join(', ')}`);
    assert.deepEqual([...uids].sort(), [
      'coppertone-business',
      'coppertone-host',
      'coppertone-logs',
      'coppertone-overview',
      'coppertone-postgres',
    ]);
  });

  test('every panel, query and variable uses a data source that provisioning defines', () => {
    const provisioned = parse(read('grafana/provisioning/datasources/datasources.yaml')) as {
      datasources: Array<{ uid: string; type: string }>;
    };
    const known = new Map(provisioned.datasources.map((d) => [d.uid, d.type]));
    const problems: string[] = [];
    for (const { file, dashboard } of loadDashboards()) {
      for (const panel of dashboard.panels ?? []) {
        if (panel.type === 'row') continue;
        const refs = [
          panel.datasource,
          ...((panel as { targets?: Array<{ datasource?: unknown }> }).targets ?? []).map((t) => t.datasource),
        ];
        for (const ref of refs as Array<{ uid?: string; type?: string } | undefined>) {
          if (!ref?.uid) problems.push(`${file} › ${panel.title}: no data source`);
          else if (known.get(ref.uid) !== ref.type)
            problems.push(`${file} › ${panel.title}: data source ${ref.type}/${ref.uid} is not provisioned`);
        }
      }
      for (const v of dashboard.templating?.list ?? []) {
        const ref = v.datasource as { uid?: string; type?: string } | undefined;
        if (ref && known.get(ref.uid ?? '') !== ref.type)
          problems.push(`${file} › variable ${v.name}: data source ${ref.type}/${ref.uid} is not provisioned`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('the dashboard provider loads the folder the dashboards are in', () => {
    const provider = parse(read('grafana/provisioning/dashboards/dashboards.yaml')) as {
      providers: Array<{ type: string; options: { path: string } }>;
    };
    assert.equal(provider.providers[0]?.type, 'file');
    const compose = read('../compose/prod.yaml');
    assert.match(compose, new RegExp(`grafana/dashboards:${provider.providers[0]?.options.path}:ro`));
  });

  test("every PromQL query parses with Prometheus's grammar and reads only metrics somebody emits; every LogQL query parses with Grafana's", () => {
    assert.ok(queries.filter((q) => q.language === 'promql').length > 50, 'fewer PromQL queries than expected');
    assert.ok(
      queries.some((q) => q.language === 'logql'),
      'no LogQL query',
    );
    assert.deepEqual(queryProblems(queries), []);
  });

  test('a broken query or a metric nobody emits fails, naming the panel', () => {
    const bad = [
      { ...queries[0], where: 'x.json › Broken › A', resolved: 'sum(rate(http_request_duration_seconds_count[5m])' },
      { ...queries[0], where: 'x.json › Unknown › A', resolved: 'rate(http_requests_total[5m])' },
      { ...queries[0], where: 'x.json › Logs › A', language: 'logql' as const, resolved: '{env="production" |= "x"' },
    ] as typeof queries;
    const problems = queryProblems(bad);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0] ?? '', /Broken › A: does not parse as promql/);
    assert.match(problems[1] ?? '', /Unknown › A: reads http_requests_total, which nobody emits/);
    assert.match(problems[2] ?? '', /Logs › A: does not parse as logql/);
  });

  test('promtool parses every PromQL query (each as a recording rule of a generated rules file)', () => {
    const promql = queries.filter((q) => q.language === 'promql');
    const file = join(tmp, 'dashboard-queries.yml');
    writeFileSync(
      file,
      `groups:\n  - name: dashboard_queries\n    rules:\n${promql
        .map((q, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(q.resolved)}\n`)
        .join('')}`,
    );
    let out = '';
    try {
      out = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8', timeout: 30_000, stdio: 'pipe' });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      const text = `${e.stdout ?? ''}${e.stderr ?? ''}`;
      // promtool names the rule; map it back to the panel.
      const named = text.replace(/dashboard:query_(\d+)/g, (_, i: string) => promql[Number(i)]?.where ?? i);
      assert.fail(`promtool check rules failed:\n${named}`);
    }
    assert.match(out, new RegExp(`SUCCESS: ${promql.length} rules found`));
  });

  test("every metric of the functions' contract is registered by packages/observability and listed in the README", () => {
    const registered = registeredAppMetrics();
    const readme = read('README.md');
    const problems: string[] = [];
    for (const [name, info] of Object.entries(METRICS)) {
      if (info.source === 'app' && !registered.has(name)) problems.push(`${name}: not registered in metrics.ts`);
      const base = name.replace(/_(bucket|count|sum)$/, '');
      if ((info.source === 'app' || info.source === 'textfile') && !readme.includes(`\`${base}`))
        problems.push(`${base}: not in deploy/monitoring/README.md's metric table`);
    }
    assert.deepEqual(problems, []);
  });

  test('the logs dashboard follows one request across functions by the request id variable', () => {
    const logsBoard = loadDashboards().find((d) => d.file === 'logs.json')?.dashboard;
    assert.ok(logsBoard);
    assert.ok(logsBoard.templating?.list?.some((v) => v.name === 'requestId' && v.type === 'textbox'));
    const byRequest = queries.filter((q) => q.file === 'logs.json' && q.expr.includes('requestId = "$requestId"'));
    assert.equal(byRequest.length, 1);
    // Not narrowed to one service: the edge's line and every function's lines of that request.
    assert.doesNotMatch(byRequest[0]?.expr ?? '', /service/);
    assert.equal(resolveVariables('$requestId', { requestId: 'r1' }), 'r1');
  });
});
