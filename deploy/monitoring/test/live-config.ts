// The live test's Prometheus configuration, made from the real prometheus.yml: the same jobs,
// relabelling (env) and rule files, each target rewritten to the 127.0.0.1 port of what runs in
// the test, faster intervals so rates have samples within seconds, and the HTTPS probes replaced
// by plain-HTTP probes of the all-in-one server through the test's nginx.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface LivePorts {
  /** The all-in-one server: every function's job scrapes its /metrics. */
  server: number;
  /** nginx in front of the server (stub_status, and the path the probes take). */
  nginx: number;
  node: number;
  postgres: number;
  nginxExporter: number;
  blackbox: number;
  prometheus: number;
  alertmanager: number;
}

/** The jobs that scrape a function's /metrics (web is a probe: it serves files and has none). */
export const FUNCTION_JOBS = ['identity', 'work', 'billing', 'contact', 'worker'];

interface ScrapeConfig {
  job_name: string;
  static_configs?: Array<{ targets: string[] }>;
  relabel_configs?: Array<Record<string, unknown>>;
  params?: Record<string, string[]>;
  scrape_interval?: string;
}

export function liveConfig(monitoringDir: string, ports: LivePorts): { yaml: string; jobs: string[] } {
  const real = parse(readFileSync(join(monitoringDir, 'prometheus.yml'), 'utf8')) as {
    global: Record<string, unknown>;
    rule_files: string[];
    scrape_configs: ScrapeConfig[];
  };
  const local = (port: number) => `127.0.0.1:${port}`;
  const targetOf: Record<string, string> = {
    node: local(ports.node),
    postgres: local(ports.postgres),
    nginx: local(ports.nginxExporter),
    prometheus: local(ports.prometheus),
    alertmanager: local(ports.alertmanager),
    ...Object.fromEntries(FUNCTION_JOBS.map((j) => [j, local(ports.server)])),
  };
  const jobs: string[] = [];
  const scrape = real.scrape_configs.map((job) => {
    jobs.push(job.job_name);
    if (job.job_name === 'web') {
      // The web app's probe: here the site through the test's nginx.
      const relabel = (job.relabel_configs ?? []).map((r) =>
        r.replacement === 'blackbox-exporter:9115' ? { ...r, replacement: local(ports.blackbox) } : r,
      );
      return { ...job, static_configs: [{ targets: [`http://${local(ports.nginx)}/`] }], relabel_configs: relabel };
    }
    if (job.job_name === 'blackbox_https') {
      // The real job probes the public names over HTTPS; here: the same relabelling, plain HTTP
      // through nginx to the server (the site and the API document, as the real targets are).
      const relabel = (job.relabel_configs ?? []).map((r) =>
        r.replacement === 'blackbox-exporter:9115' ? { ...r, replacement: local(ports.blackbox) } : r,
      );
      return {
        ...job,
        params: { module: ['http_plain'] },
        static_configs: [
          { targets: [`http://${local(ports.nginx)}/`, `http://${local(ports.nginx)}/api/identity/openapi.json`] },
        ],
        relabel_configs: relabel,
      };
    }
    const target = targetOf[job.job_name];
    if (!target) throw new Error(`prometheus.yml has a job the live test does not know: ${job.job_name}`);
    return { ...job, static_configs: [{ targets: [target] }] };
  });
  const config = {
    global: { ...real.global, scrape_interval: '2s', scrape_timeout: '2s', evaluation_interval: '2s' },
    rule_files: real.rule_files.map((f) => join(monitoringDir, f)),
    scrape_configs: scrape,
  };
  // Anchors of the real file are expanded: the test's file is plain YAML.
  return { yaml: stringify(config, { aliasDuplicateObjects: false }), jobs };
}
