// What the live test scrapes, all on 127.0.0.1 and stopped by PID: the all-in-one server on a
// throwaway PostgreSQL 15, nginx in front of it (stub_status, request ids, a JSON access log as
// the edge writes), node_exporter with a textfile directory, postgres_exporter, the nginx
// exporter, blackbox_exporter (the repository's modules), Alertmanager, and Prometheus 2.42 with
// the configuration made from prometheus.yml (live-config.ts) and the real rules.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Cluster, startCluster } from '../../../packages/db/src/testing/cluster.ts';
import { type Daemon, ROOT, startDaemon, waitFor, waitHttp } from './daemons.ts';
import { type LivePorts, liveConfig } from './live-config.ts';

export interface LiveStack {
  ports: LivePorts;
  dir: string;
  /** The server's stdout: its JSON log lines. */
  serverLog: string;
  /** The application database (superuser, throwaway). */
  databaseUrl: string;
  /** nginx's access log (JSON lines with the request id). */
  accessLog: string;
  jobs: string[];
  prometheus: string;
  stop(): Promise<void>;
}

export function livePorts(base: number): LivePorts {
  return {
    nginx: base + 1,
    node: base + 2,
    postgres: base + 3,
    nginxExporter: base + 4,
    blackbox: base + 5,
    prometheus: base + 6,
    alertmanager: base + 7,
    server: base + 8,
  };
}

const MONITORING = join(ROOT, 'deploy', 'monitoring');

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function nginxConf(dir: string, ports: LivePorts): string {
  const tmp = join(dir, 'nginx-tmp');
  mkdirSync(tmp, { recursive: true });
  chmodSync(tmp, 0o777); // nginx's workers run as nobody
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 256; }
http {
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  # The edge's shape (deploy/nginx/edge-common.conf): one JSON object per request with its id.
  log_format edge escape=json '{"time":"$time_iso8601","service":"edge","requestId":"$request_id",'
    '"method":"$request_method","path":"$uri","status":$status,"duration":$request_time}';
  access_log ${dir}/access.log edge;
  server {
    listen 127.0.0.1:${ports.nginx};
    location = /stub_status { stub_status; allow 127.0.0.1; deny all; }
    location / {
      proxy_pass http://127.0.0.1:${ports.server};
      proxy_set_header Host $host;
      # The server keeps this id and answers it in X-Request-Id, as the functions do behind the edge.
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

export async function startLiveStack(dir: string, base: number): Promise<LiveStack> {
  const ports = livePorts(base);
  const daemons: Daemon[] = [];
  let cluster: Cluster | undefined;
  const stop = async () => {
    for (const d of daemons.reverse()) await d.stop();
    cluster?.stop();
  };
  const log = (name: string) => join(dir, `${name}.log`);
  const taken = [];
  for (const [name, port] of Object.entries(ports)) if (!(await portFree(port))) taken.push(`${name} ${port}`);
  if (taken.length) throw new Error(`ports in use (another run, or set LIVE_TEST_PORT_BASE): ${taken.join(', ')}`);
  try {
    const step = (what: string) => console.log(`→ ${what}`);
    step('PostgreSQL 15 (throwaway cluster)');
    cluster = await startCluster();
    const admin = cluster.url;
    const appUrl = admin.replace(/\/postgres$/, '/coppertone');
    execFileSync('psql', [admin, '-qc', 'create database coppertone'], { timeout: 20_000, stdio: 'pipe' });

    step(`the all-in-one server on :${ports.server}`);
    const serverLog = log('server');
    daemons.push(
      startDaemon('server', process.execPath, [join(ROOT, 'apps/server/src/main.ts')], serverLog, {
        PORT: String(ports.server),
        HOST: '127.0.0.1',
        DATABASE_URL: appUrl,
        PUBLIC_URL: `http://127.0.0.1:${ports.nginx}`,
        TRUST_PROXY: 'true',
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
      }),
    );

    step('nginx, exporters, Alertmanager');
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, nginxConf(dir, ports));
    daemons.push(startDaemon('nginx', '/usr/sbin/nginx', ['-c', conf, '-g', 'daemon off;'], log('nginx')));
    const textfile = join(dir, 'textfile');
    mkdirSync(textfile);
    daemons.push(
      startDaemon(
        'node_exporter',
        'prometheus-node-exporter',
        [
          `--web.listen-address=127.0.0.1:${ports.node}`,
          '--no-collector.systemd',
          `--collector.textfile.directory=${textfile}`,
        ],
        log('node-exporter'),
      ),
    );
    daemons.push(
      startDaemon(
        'postgres_exporter',
        'prometheus-postgres-exporter',
        [`--web.listen-address=127.0.0.1:${ports.postgres}`],
        log('postgres-exporter'),
        { DATA_SOURCE_NAME: `${appUrl}?sslmode=disable` },
      ),
    );
    daemons.push(
      startDaemon(
        'nginx_exporter',
        'prometheus-nginx-exporter',
        [
          `-nginx.scrape-uri=http://127.0.0.1:${ports.nginx}/stub_status`,
          `-web.listen-address=127.0.0.1:${ports.nginxExporter}`,
        ],
        log('nginx-exporter'),
      ),
    );
    daemons.push(
      startDaemon(
        'blackbox_exporter',
        'prometheus-blackbox-exporter',
        [`--config.file=${join(MONITORING, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${ports.blackbox}`],
        log('blackbox-exporter'),
      ),
    );
    const amConf = join(dir, 'alertmanager.yml');
    writeFileSync(amConf, 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
    daemons.push(
      startDaemon(
        'alertmanager',
        'prometheus-alertmanager',
        [
          `--config.file=${amConf}`,
          `--storage.path=${join(dir, 'alertmanager')}`,
          `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
          '--cluster.listen-address=',
        ],
        log('alertmanager'),
      ),
    );

    step('Prometheus 2.42 (prometheus.yml with local targets, the real rules)');
    const { yaml, jobs } = liveConfig(MONITORING, ports);
    const promConf = join(dir, 'prometheus.yml');
    writeFileSync(promConf, yaml);
    execFileSync('promtool', ['check', 'config', promConf], { timeout: 30_000, stdio: 'pipe' });
    daemons.push(
      startDaemon(
        'prometheus',
        'prometheus',
        [
          `--config.file=${promConf}`,
          `--storage.tsdb.path=${join(dir, 'prometheus')}`,
          `--web.listen-address=127.0.0.1:${ports.prometheus}`,
        ],
        log('prometheus'),
      ),
    );

    const prometheus = `http://127.0.0.1:${ports.prometheus}`;
    await Promise.all([
      waitHttp(`http://127.0.0.1:${ports.server}/readyz`, 90_000),
      waitHttp(`http://127.0.0.1:${ports.nginx}/stub_status`, 20_000),
      waitHttp(`${prometheus}/-/ready`, 30_000),
    ]);
    return { ports, dir, serverLog, databaseUrl: appUrl, accessLog: join(dir, 'access.log'), jobs, prometheus, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs an instant query; `error` when Prometheus refused it (the text it gave). */
export async function instantQuery(
  prometheus: string,
  query: string,
): Promise<{ error?: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> }> {
  const res = await fetch(`${prometheus}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { status: string; error?: string; data?: { result: never[] } };
  if (body.status !== 'success') return { error: body.error ?? `HTTP ${res.status}`, result: [] };
  return { result: body.data?.result ?? [] };
}

export { waitFor };
