// Per-container CPU, memory and OOM kills for Prometheus, through node_exporter's textfile
// collector: Podman has no cAdvisor, and no exporter for it is packaged for Debian 12. Run every
// 30 s by coppertone-container-stats.timer (or cron); reads `podman stats` and `podman inspect` of
// every running container and writes containers.prom atomically (a temporary file renamed), so a
// scrape never reads half a file.
//
// Usage: node deploy/monitoring/containers/stats.ts [DIR]   (DIR: NODE_EXPORTER_TEXTFILE_DIR)
import { spawnSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ContainerState, containerMetrics, type PodmanStat } from './parse.ts';

function podman(args: string[]): string {
  const r = spawnSync('podman', args, { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0)
    throw new Error(`podman ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout;
}

const dir = process.argv[2] ?? process.env.NODE_EXPORTER_TEXTFILE_DIR;
if (!dir || dir === '--help' || dir === '-h') {
  process.stderr.write('usage: stats.ts DIR  (node_exporter textfile directory; or NODE_EXPORTER_TEXTFILE_DIR)\n');
  process.exit(dir ? 0 : 64);
}

try {
  const names = podman(['ps', '--format', '{{.Names}}']).split('\n').filter(Boolean);
  const stats: PodmanStat[] = names.length
    ? JSON.parse(podman(['stats', '--no-stream', '--format', 'json', ...names]))
    : [];
  const states: ContainerState[] = names.length
    ? JSON.parse(podman(['inspect', '--format', 'json', ...names])).map(
        (c: { Name: string; State: { OOMKilled: boolean }; RestartCount?: number }) => ({
          name: c.Name,
          oomKilled: c.State.OOMKilled,
          restarts: c.RestartCount ?? 0,
        }),
      )
    : [];
  const file = join(dir, 'containers.prom');
  writeFileSync(`${file}.tmp`, containerMetrics(stats, states, Date.now() / 1000));
  renameSync(`${file}.tmp`, file);
  process.stdout.write(`containers.prom: ${stats.length} containers\n`);
} catch (err) {
  process.stderr.write(`container stats: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
