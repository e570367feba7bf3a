// Small builders for Grafana dashboard JSON, typed by Grafana's own published schema
// (@grafana/schema): a dashboard that does not fit Grafana's model fails the typecheck
// (npx tsc -p deploy/monitoring/tsconfig.json). Only `dashboards.ts` uses them.
import type { Dashboard, DataSourceRef, Panel, VariableModel } from '@grafana/schema';

/** The data sources of provisioning/datasources/datasources.yaml, by uid. */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'prometheus' };
export const LOKI: DataSourceRef = { type: 'loki', uid: 'loki' };

export interface Query {
  expr: string;
  /** The series name shown in the legend (`{{job}}`). */
  legend?: string;
}

type Unit = 'reqps' | 's' | 'percentunit' | 'bytes' | 'short' | 'none' | 'dateTimeFromNow' | 'currencyUSD' | 'Bps';

const WIDTH = 24;

/** Lays panels out left to right, `perRow` to a row, each `height` high. */
export class Layout {
  private x = 0;
  private y = 0;
  private id = 1;
  private rowHeight = 0;
  readonly panels: Panel[] = [];

  add(panel: Omit<Panel, 'id' | 'gridPos'>, w = 12, h = 8): this {
    if (this.x + w > WIDTH) this.newline();
    this.panels.push({ ...panel, id: this.id++, gridPos: { x: this.x, y: this.y, w, h } });
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return this;
  }

  /** A section heading across the whole width. */
  row(title: string): this {
    this.newline();
    this.panels.push({ type: 'row', title, id: this.id++, gridPos: { x: 0, y: this.y, w: WIDTH, h: 1 } } as Panel);
    this.y += 1;
    return this;
  }

  private newline() {
    if (this.x === 0) return;
    this.x = 0;
    this.y += this.rowHeight;
    this.rowHeight = 0;
  }
}

function targets(datasource: DataSourceRef, queries: Query[]) {
  return queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource,
    expr: q.expr,
    ...(q.legend ? { legendFormat: q.legend } : {}),
  }));
}

/** A time series of PromQL queries. */
export function timeseries(title: string, description: string, unit: Unit, queries: Query[]): Omit<Panel, 'id'> {
  return {
    type: 'timeseries',
    title,
    description,
    datasource: PROMETHEUS,
    targets: targets(PROMETHEUS, queries),
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] } },
  };
}

/** One number per series, coloured by thresholds (green below the first step). */
export function stat(
  title: string,
  description: string,
  unit: Unit,
  queries: Query[],
  thresholds: Array<{ value: number; color: string }> = [],
): Omit<Panel, 'id'> {
  return {
    type: 'stat',
    title,
    description,
    datasource: PROMETHEUS,
    targets: targets(PROMETHEUS, queries),
    fieldConfig: {
      defaults: {
        unit,
        thresholds: {
          mode: 'absolute' as never,
          steps: [{ value: null as never, color: 'green' }, ...thresholds],
        },
      },
      overrides: [],
    },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background' },
  };
}

/** The latest value of each series as a table (one row per label set). */
export function table(title: string, description: string, queries: Query[]): Omit<Panel, 'id'> {
  return {
    type: 'table',
    title,
    description,
    datasource: PROMETHEUS,
    targets: targets(PROMETHEUS, queries).map((t) => ({ ...t, instant: true, format: 'table' })),
    options: { showHeader: true },
  };
}

/** Log lines of a LogQL query, newest first. */
export function logs(title: string, description: string, expr: string): Omit<Panel, 'id'> {
  return {
    type: 'logs',
    title,
    description,
    datasource: LOKI,
    targets: targets(LOKI, [{ expr }]),
    options: { showTime: true, wrapLogMessage: true, prettifyLogMessage: false, sortOrder: 'Descending' },
  };
}

/** A time series of LogQL metric queries (counts over time). */
export function logVolume(title: string, description: string, queries: Query[]): Omit<Panel, 'id'> {
  return {
    type: 'timeseries',
    title,
    description,
    datasource: LOKI,
    targets: targets(LOKI, queries),
    fieldConfig: {
      defaults: { unit: 'short', custom: { drawStyle: 'bars', stacking: { mode: 'normal' } } },
      overrides: [],
    },
  };
}

/** The environment picker every dashboard has (production, staging): values of `env` on `up`. */
export const envVariable: VariableModel = {
  name: 'env',
  label: 'Environment',
  type: 'query',
  datasource: PROMETHEUS,
  query: { query: 'label_values(up, env)', refId: 'env' } as never,
  refresh: 1 as never,
  current: { text: 'production', value: 'production' } as never,
};

export function dashboard(opts: {
  uid: string;
  title: string;
  description: string;
  panels: Panel[];
  variables?: VariableModel[];
  refresh?: string;
}): Dashboard {
  return {
    uid: opts.uid,
    title: opts.title,
    description: opts.description,
    tags: ['coppertone'],
    editable: false,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: opts.refresh ?? '1m',
    timezone: 'utc',
    templating: { list: [envVariable, ...(opts.variables ?? [])] },
    panels: opts.panels,
    links: [{ title: 'Coppertone dashboards', type: 'dashboards', tags: ['coppertone'], asDropdown: true } as never],
  } as Dashboard;
}
