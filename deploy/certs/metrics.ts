// certs.prom for node_exporter's textfile collector, written like deploy/backup/lib.sh's
// write_metrics (temp file in the same directory, then rename: the collector never reads half a
// file; a value not set this run, such as the last success on a failure, is kept from the previous
// file). In TypeScript because these metrics carry labels (one series per name), which that helper
// does not write.

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HELP: Record<string, string> = {
  tls_certificate_not_after_seconds: 'Expiry (Unix time) of the certificate the edge serves, per DNS name.',
  certs_renew_due_timestamp_seconds:
    'When the served certificate is due for renewal (ARI or one third of its lifetime left).',
  certs_renew_last_status: '1 when the last renewal run succeeded (renewed or not due), 0 when it failed.',
  certs_renew_last_run_timestamp_seconds: 'When the renewal tool last ran.',
  certs_renew_last_success_timestamp_seconds: 'When the renewal tool last ran without failing.',
  certs_renew_last_failure_timestamp_seconds: 'When the renewal tool last failed.',
  certs_renew_last_renewal_timestamp_seconds: 'When a new certificate was last put in service.',
};

/** A sample: `name{labels} value`, e.g. ['tls_certificate_not_after_seconds{name="a.example"}', 1.7e9]. */
export type Sample = [series: string, value: number];

const metricName = (series: string) => series.replace(/\{.*$/, '');

export function writeMetrics(dir: string | null, samples: Sample[]): void {
  if (!dir) return;
  const file = join(dir, 'certs.prom');
  const set = new Set(samples.map(([series]) => metricName(series)));
  const all: Sample[] = [...samples];
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (match?.[1] && match[2] && !set.has(metricName(match[1]))) all.push([match[1], Number(match[2])]);
    }
  }
  const byName = new Map<string, Sample[]>();
  for (const sample of all) {
    const name = metricName(sample[0]);
    byName.set(name, [...(byName.get(name) ?? []), sample]);
  }
  let text = '';
  for (const [name, list] of byName) {
    text += `# HELP ${name} ${HELP[name] ?? name}\n# TYPE ${name} gauge\n`;
    for (const [series, value] of list) text += `${series} ${value}\n`;
  }
  const tmp = join(dir, `.certs.prom.${process.pid}`);
  writeFileSync(tmp, text);
  chmodSync(tmp, 0o644);
  renameSync(tmp, file);
}

export const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
