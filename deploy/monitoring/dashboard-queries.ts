// Every query of every dashboard, with Grafana's variables replaced by sample values, and the
// grammars of Prometheus's and Grafana's own query editors to check them. Used by the dashboard
// test (dashboards.test.ts) and the live test (test/live-queries.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { parser as logql } from '@grafana/lezer-logql';
import type { Dashboard, Panel } from '@grafana/schema';
import { parser as promql } from '@prometheus-io/lezer-promql';

export const DASHBOARD_DIR = new URL('./grafana/dashboards/', import.meta.url);

export interface DashboardQuery {
  /** `overview.json › Requests per second › A`: how a failure names it. */
  where: string;
  file: string;
  panel: string;
  datasourceUid: string;
  language: 'promql' | 'logql';
  /** As written in the dashboard. */
  expr: string;
  /** With the variables replaced, as Grafana would send it. */
  resolved: string;
}

/**
 * Values Grafana puts in place of variables: the environment the live test scrapes as, and the
 * intervals of a 6-hour view. `requestId` and `search` are what someone would paste.
 */
export const SAMPLE_VARIABLES: Record<string, string> = {
  env: 'production',
  service: '.+',
  requestId: '0b6c4f4e-4a57-4b0e-9d6b-1f9a7c112f1e',
  search: 'error',
  __rate_interval: '1m',
  __interval: '30s',
  __auto: '1m',
  __range: '6h',
};

export function resolveVariables(expr: string, values = SAMPLE_VARIABLES): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => values[name] ?? whole);
}

export function loadDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(new URL(file, DASHBOARD_DIR), 'utf8')) as Dashboard }));
}

function panelsOf(dashboard: Dashboard): Panel[] {
  const out: Panel[] = [];
  for (const p of dashboard.panels ?? []) {
    out.push(p as Panel);
    for (const inner of (p as { panels?: Panel[] }).panels ?? []) out.push(inner);
  }
  return out;
}

export function dashboardQueries(): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const { file, dashboard } of loadDashboards()) {
    for (const panel of panelsOf(dashboard)) {
      for (const target of panel.targets ?? []) {
        const t = target as { refId: string; expr?: string; datasource?: { uid?: string; type?: string } };
        if (t.expr === undefined) continue;
        const ds = t.datasource ?? panel.datasource ?? {};
        out.push({
          where: `${file} › ${panel.title} › ${t.refId}`,
          file,
          panel: panel.title ?? '',
          datasourceUid: ds.uid ?? '',
          language: ds.type === 'loki' ? 'logql' : 'promql',
          expr: t.expr,
          resolved: resolveVariables(t.expr),
        });
      }
    }
  }
  return out;
}

/** Where the grammar found no valid parse (error nodes), as `at N: …text…`; empty when it parses. */
function errorsOf(tree: ReturnType<typeof promql.parse>, text: string): string[] {
  const errors: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError)
      errors.push(`at ${cursor.from}: «${text.slice(Math.max(0, cursor.from - 15), cursor.from + 15)}»`);
  } while (cursor.next());
  return errors;
}

export const promqlErrors = (expr: string): string[] => errorsOf(promql.parse(expr), expr);
export const logqlErrors = (expr: string): string[] => errorsOf(logql.parse(expr), expr);

/** The metric names a PromQL expression selects (the identifier of each vector selector). */
export function promqlMetrics(expr: string): string[] {
  const names = new Set<string>();
  const cursor = promql.parse(expr).cursor();
  do {
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') {
      names.add(expr.slice(cursor.from, cursor.to));
    }
  } while (cursor.next());
  return [...names];
}
