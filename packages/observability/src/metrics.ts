import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Read-cache lookups by cache (its change channel) and result (hit, miss). */
  readCache: Counter<'cache' | 'result'>;
}

/**
 * One registry per process. `route` is the matched route pattern (never the raw path), so
 * cardinality stays bounded whatever URLs clients send.
 */
export function createMetrics(opts: { prefix?: string; defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry, prefix: opts.prefix });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, matched route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const readCache = new Counter({
    name: 'read_cache_lookups_total',
    help: 'Read-cache lookups by cache and result (hit: answered from memory; miss: computed)',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  return { registry, httpDuration, readCache };
}
