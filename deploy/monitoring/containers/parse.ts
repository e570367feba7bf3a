// Podman 4.3's `podman stats --format json` reports readable strings ("86.9ms", "1.401MB / 25.28GB"):
// these turn them back into numbers and into Prometheus's text format.

export interface PodmanStat {
  name: string;
  cpu_time: string;
  mem_usage: string;
  pids: string;
}
export interface ContainerState {
  name: string;
  oomKilled: boolean;
  restarts: number;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration ("1h2m3.5s", "86.918357ms") in seconds. */
export function goDurationSeconds(text: string): number {
  const parts = [...text.trim().matchAll(/([0-9.]+)(ns|us|µs|ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text.trim()) throw new Error(`not a duration: "${text}"`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (DURATION_UNITS[unit as string] ?? 0), 0);
}

const SIZE_UNITS: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15 };

/** A size as Podman prints it (decimal units, "1.401MB", "0B") in bytes. */
export function sizeBytes(text: string): number {
  const m = /^([0-9.]+)\s*([kKMGTP]?B)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: "${text}"`);
  return Math.round(Number(m[1]) * (SIZE_UNITS[m[2] as string] as number));
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function containerMetrics(stats: PodmanStat[], states: ContainerState[], now: number): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string, rows: Array<[string, number]>) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [container, value] of rows) out.push(`${name}{name="${label(container)}"} ${value}`);
  };
  const usage = stats.map((s) => {
    const [used, limit] = s.mem_usage.split('/').map((p) => sizeBytes(p));
    return {
      name: s.name,
      cpu: goDurationSeconds(s.cpu_time),
      used: used ?? 0,
      limit: limit ?? 0,
      pids: Number(s.pids) || 0,
    };
  });
  family(
    'container_cpu_seconds_total',
    'counter',
    'CPU time used by the container since it started.',
    usage.map((u) => [u.name, u.cpu]),
  );
  family(
    'container_memory_usage_bytes',
    'gauge',
    'Memory the container uses now.',
    usage.map((u) => [u.name, u.used]),
  );
  family(
    'container_memory_limit_bytes',
    'gauge',
    "The container's memory limit (the host's memory when it has none).",
    usage.map((u) => [u.name, u.limit]),
  );
  family(
    'container_pids',
    'gauge',
    'Processes in the container.',
    usage.map((u) => [u.name, u.pids]),
  );
  family(
    'container_oom_killed',
    'gauge',
    '1 when the kernel killed the container for memory (OOMKilled).',
    states.map((s) => [s.name, s.oomKilled ? 1 : 0]),
  );
  family(
    'container_restarts',
    'gauge',
    'Restarts of the container by its restart policy.',
    states.map((s) => [s.name, s.restarts]),
  );
  out.push(
    '# HELP container_stats_last_run_timestamp_seconds When these container figures were read.',
    '# TYPE container_stats_last_run_timestamp_seconds gauge',
    `container_stats_last_run_timestamp_seconds ${Math.round(now)}`,
  );
  return `${out.join('\n')}\n`;
}
