// The Grafana dashboards, as code: `node deploy/monitoring/grafana/build.ts` writes them to
// dashboards/*.json (what Grafana's file provider loads); deploy/monitoring/dashboards.test.ts fails
// when the JSON and this file differ, a query does not parse, or a query reads a metric nobody emits.
// Metric names: deploy/monitoring/README.md's table. `$env` is the environment picker.
import type { Dashboard, VariableModel } from '@grafana/schema';
import { dashboard, Layout, LOKI, logs, logVolume, stat, table, timeseries } from './panels.ts';

/** The functions' jobs in prometheus.yml. */
const FUNCTIONS = 'web|identity|work|billing|contact|worker';
const USER_ROUTES = 'route!~"/(metrics|healthz|readyz)"';

function overview(): Dashboard {
  const l = new Layout()
    .row('Is it up?')
    .add(
      stat(
        'Targets down',
        'Scrape targets not answering (every function, exporter, Prometheus, Alertmanager)',
        'none',
        [{ expr: 'count(up{env="$env"} == 0) or vector(0)' }],
        [{ value: 1, color: 'red' }],
      ),
      6,
      4,
    )
    .add(
      stat(
        'HTTPS probes failing',
        'Blackbox probes through the edge (site, API, Gitea, Matrix) failing now',
        'none',
        [{ expr: 'count(probe_success{env="$env"} == 0) or vector(0)' }],
        [{ value: 1, color: 'red' }],
      ),
      6,
      4,
    )
    .add(
      stat(
        '5xx ratio (5 m)',
        'Share of answers with a 5xx status over all functions',
        'percentunit',
        [
          {
            // 0, not "No data", while nothing fails.
            expr: `(sum(rate(http_request_duration_seconds_count{env="$env",${USER_ROUTES},status=~"5.."}[5m])) or vector(0)) / clamp_min(sum(rate(http_request_duration_seconds_count{env="$env",${USER_ROUTES}}[5m])), 1e-9)`,
          },
        ],
        [
          { value: 0.01, color: 'orange' },
          { value: 0.05, color: 'red' },
        ],
      ),
      6,
      4,
    )
    .add(
      stat(
        'p95 latency (5 m)',
        'Slowest 5 % of requests, all functions (the event stream left out)',
        's',
        [
          {
            expr: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{env="$env",route!~"/(metrics|healthz|readyz|events)"}[5m])))`,
          },
        ],
        [
          { value: 0.5, color: 'orange' },
          { value: 1, color: 'red' },
        ],
      ),
      6,
      4,
    )
    .add(
      table('Targets', 'Every scrape target and whether it answers (1 up, 0 down)', [{ expr: 'up{env="$env"}' }]),
      24,
      7,
    )
    .row('Traffic and errors per function')
    .add(
      timeseries(
        'Requests per second',
        'Answers per second by function (health and metrics scrapes left out)',
        'reqps',
        [
          {
            expr: `sum by (job) (rate(http_request_duration_seconds_count{env="$env",${USER_ROUTES}}[$__rate_interval]))`,
            legend: '{{job}}',
          },
        ],
      ),
    )
    .add(
      timeseries('Errors per second (5xx)', 'Answers with a 5xx status by function and route', 'reqps', [
        {
          expr: `sum by (job, route) (rate(http_request_duration_seconds_count{env="$env",status=~"5.."}[$__rate_interval]))`,
          legend: '{{job}} {{route}}',
        },
        {
          // A zero line per function while nothing fails, so "no errors" reads as 0, not as no data.
          expr: `sum by (job) (rate(http_request_duration_seconds_count{env="$env"}[$__rate_interval])) * 0`,
          legend: '{{job}}',
        },
      ]),
    )
    .add(
      timeseries(
        'Client errors per second (4xx)',
        'Refused requests by function and status: a wave of 401/403/429 is worth a look',
        'reqps',
        [
          {
            expr: `sum by (job, status) (rate(http_request_duration_seconds_count{env="$env",status=~"4.."}[$__rate_interval]))`,
            legend: '{{job}} {{status}}',
          },
        ],
      ),
    )
    .add(
      timeseries(
        'Edge: requests per second',
        'Every request nginx handled (stub_status), also those it answered itself',
        'reqps',
        [
          { expr: 'sum(rate(nginx_http_requests_total{env="$env"}[$__rate_interval]))', legend: 'requests' },
          { expr: 'sum(nginx_connections_active{env="$env"})', legend: 'open connections' },
        ],
      ),
    )
    .row('Latency per function')
    .add(
      timeseries('p50 / p95 / p99', 'Request duration percentiles per function (the event stream left out)', 's', [
        {
          expr: `histogram_quantile(0.5, sum by (job, le) (rate(http_request_duration_seconds_bucket{env="$env",route!~"/(metrics|healthz|readyz|events)"}[$__rate_interval])))`,
          legend: 'p50 {{job}}',
        },
        {
          expr: `histogram_quantile(0.95, sum by (job, le) (rate(http_request_duration_seconds_bucket{env="$env",route!~"/(metrics|healthz|readyz|events)"}[$__rate_interval])))`,
          legend: 'p95 {{job}}',
        },
        {
          expr: `histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket{env="$env",route!~"/(metrics|healthz|readyz|events)"}[$__rate_interval])))`,
          legend: 'p99 {{job}}',
        },
      ]),
    )
    .add(
      timeseries('Slowest routes (p95)', 'The ten routes with the highest p95 over the last 5 minutes', 's', [
        {
          expr: `topk(10, histogram_quantile(0.95, sum by (job, route, le) (rate(http_request_duration_seconds_bucket{env="$env",route!~"/(metrics|healthz|readyz|events)"}[5m]))))`,
          legend: '{{job}} {{route}}',
        },
      ]),
    )
    .add(
      timeseries(
        'HTTPS probe duration',
        'Time of each blackbox probe through the edge (DNS, TLS, nginx, function)',
        's',
        [{ expr: 'probe_duration_seconds{env="$env"}', legend: '{{instance}}' }],
      ),
    )
    .add(
      timeseries('Read-cache hit ratio', 'Share of cached reads answered from memory, per cache', 'percentunit', [
        {
          expr: `sum by (cache) (rate(read_cache_lookups_total{env="$env",result="hit"}[$__rate_interval])) / clamp_min(sum by (cache) (rate(read_cache_lookups_total{env="$env"}[$__rate_interval])), 1e-9)`,
          legend: '{{cache}}',
        },
      ]),
    )
    .row('Saturation')
    .add(
      timeseries('Process CPU per function', 'CPU seconds per second used by each function process', 'percentunit', [
        {
          expr: `sum by (job) (rate(process_cpu_seconds_total{env="$env",job=~"${FUNCTIONS}"}[$__rate_interval]))`,
          legend: '{{job}}',
        },
      ]),
      8,
    )
    .add(
      timeseries('Process memory per function', 'Resident memory of each function process', 'bytes', [
        { expr: `sum by (job) (process_resident_memory_bytes{env="$env",job=~"${FUNCTIONS}"})`, legend: '{{job}}' },
      ]),
      8,
    )
    .add(
      timeseries(
        'Event-loop lag p99',
        'How late each Node process runs its callbacks: CPU-bound work shows here first',
        's',
        [
          {
            expr: `max by (job) (nodejs_eventloop_lag_p99_seconds{env="$env",job=~"${FUNCTIONS}"})`,
            legend: '{{job}}',
          },
        ],
      ),
      8,
    )
    .add(
      timeseries(
        'Database pool',
        'Clients per function: in use (total − idle) against the pool size, and queries waiting for a client',
        'short',
        [
          {
            expr: `sum by (job) (db_pool_connections{env="$env",state="total"}) - sum by (job) (db_pool_connections{env="$env",state="idle"})`,
            legend: 'in use {{job}}',
          },
          { expr: `sum by (job) (db_pool_connections{env="$env",state="waiting"})`, legend: 'waiting {{job}}' },
          { expr: `max by (job) (db_pool_max{env="$env"})`, legend: 'max {{job}}' },
        ],
      ),
      8,
    )
    .add(
      timeseries('Live-update streams', 'Open Server-Sent Events streams (browsers with the workspace open)', 'short', [
        { expr: 'sum by (job) (sse_connections{env="$env"})', legend: '{{job}}' },
      ]),
      8,
    )
    .add(
      timeseries('Host CPU and memory', 'The server as a whole (details: the Host dashboard)', 'percentunit', [
        { expr: '1 - avg(rate(node_cpu_seconds_total{env="$env",mode="idle"}[$__rate_interval]))', legend: 'CPU busy' },
        {
          expr: '1 - sum(node_memory_MemAvailable_bytes{env="$env"}) / sum(node_memory_MemTotal_bytes{env="$env"})',
          legend: 'memory used',
        },
      ]),
      8,
    );
  return dashboard({
    uid: 'coppertone-overview',
    title: 'Coppertone: overview',
    description: 'Traffic, errors, latency percentiles per function, and saturation',
    panels: l.panels,
  });
}

function business(): Dashboard {
  const l = new Layout()
    .row('People and invoices')
    .add(
      stat('Sign-ups today', 'Accounts created over the last 24 hours', 'none', [
        { expr: 'sum(increase(users_registered_total{env="$env"}[1d]))' },
      ]),
      6,
      4,
    )
    .add(stat('Accounts', 'Accounts in total', 'none', [{ expr: 'sum(users_registered_total{env="$env"})' }]), 6, 4)
    .add(
      stat(
        'Overdue invoices',
        'Sent or partially paid invoices past their due date',
        'none',
        [{ expr: 'sum(invoices{env="$env",status="overdue"}) or vector(0)' }],
        [{ value: 1, color: 'orange' }],
      ),
      6,
      4,
    )
    .add(
      stat(
        'Overpaid, awaiting a refund',
        'Invoices paid beyond their total with no refund pending',
        'none',
        [{ expr: 'sum(invoices_overpaid_awaiting_refund{env="$env"})' }],
        [{ value: 1, color: 'orange' }],
      ),
      6,
      4,
    )
    .add(
      timeseries('Invoices by status', 'draft, sent, partially_paid, overdue, paid, overpaid, void', 'short', [
        { expr: 'sum by (status) (invoices{env="$env"})', legend: '{{status}}' },
      ]),
    )
    .add(
      timeseries('Sign-ups per hour', 'Accounts created', 'short', [
        { expr: 'sum(increase(users_registered_total{env="$env"}[1h]))', legend: 'sign-ups' },
      ]),
    )
    .row('Payments')
    .add(
      timeseries('Payments per hour by provider', 'Card (Stripe) and Bitcoin (BTCPay) payments recorded', 'short', [
        { expr: 'sum by (provider) (increase(payments_received_total{env="$env"}[1h]))', legend: '{{provider}}' },
      ]),
    )
    .add(
      timeseries(
        'Amount received per day',
        "In the currency's main unit (minor units ÷ 100), by provider and currency",
        'short',
        [
          {
            expr: 'sum by (provider, currency) (increase(payments_received_minor_total{env="$env"}[1d])) / 100',
            legend: '{{provider}} {{currency}}',
          },
        ],
      ),
    )
    .add(
      timeseries(
        'Webhook deliveries by outcome',
        'processed, duplicate (redeliveries), invalid_signature (forged or misconfigured secret), rejected, error',
        'short',
        [
          {
            expr: 'sum by (provider, outcome) (increase(payment_webhooks_total{env="$env"}[$__rate_interval]))',
            legend: '{{provider}} {{outcome}}',
          },
        ],
      ),
    )
    .add(
      timeseries(
        'Checkouts awaiting the provider',
        'Checkouts opened or processing that no webhook or reconciliation has settled',
        'short',
        [{ expr: 'sum by (provider) (checkouts_awaiting_answer{env="$env"})', legend: '{{provider}}' }],
      ),
    )
    .add(
      timeseries(
        'Oldest overpayment awaiting a refund',
        'Since the last payment of the oldest overpaid invoice nobody has refunded',
        's',
        [{ expr: 'max(invoices_overpaid_oldest_age_seconds{env="$env"})', legend: 'oldest' }],
      ),
    )
    .row('Background work')
    .add(
      timeseries('Jobs waiting', 'Jobs due now and not yet picked up, per queue', 'short', [
        { expr: 'sum by (queue) (jobs_queued{env="$env"})', legend: '{{queue}}' },
      ]),
      8,
    )
    .add(
      timeseries('Oldest waiting job', 'How long the oldest due job has waited, per queue', 's', [
        { expr: 'max by (queue) (jobs_oldest_queued_age_seconds{env="$env"})', legend: '{{queue}}' },
      ]),
      8,
    )
    .add(
      timeseries('Jobs out of retries', 'Jobs that failed their last allowed attempt (per hour)', 'short', [
        { expr: 'sum by (queue) (increase(jobs_failed_total{env="$env"}[1h]))', legend: '{{queue}}' },
      ]),
      8,
    )
    .add(
      timeseries(
        'Contact outbox',
        "Contact messages staff have not been told about yet, and the oldest one's age (s)",
        'short',
        [
          { expr: 'sum(contact_outbox_pending{env="$env"})', legend: 'pending' },
          { expr: 'max(contact_outbox_oldest_age_seconds{env="$env"})', legend: 'oldest (s)' },
        ],
      ),
      24,
    );
  return dashboard({
    uid: 'coppertone-business',
    title: 'Coppertone: business',
    description: 'Sign-ups, invoices sent/paid/overdue, payments by provider, webhook health, overpayments, queues',
    panels: l.panels,
  });
}

function host(): Dashboard {
  const fs = 'fstype!~"tmpfs|overlay|squashfs|ramfs"';
  const l = new Layout()
    .row('The server')
    .add(
      timeseries('CPU', 'Busy share of all cores, by mode', 'percentunit', [
        {
          expr: 'sum by (mode) (rate(node_cpu_seconds_total{env="$env",mode!="idle"}[$__rate_interval])) / scalar(count(node_cpu_seconds_total{env="$env",mode="idle"}))',
          legend: '{{mode}}',
        },
      ]),
      8,
    )
    .add(
      timeseries('Memory', 'Used (total − available) and swap', 'bytes', [
        { expr: 'node_memory_MemTotal_bytes{env="$env"} - node_memory_MemAvailable_bytes{env="$env"}', legend: 'used' },
        { expr: 'node_memory_MemTotal_bytes{env="$env"}', legend: 'total' },
        {
          expr: 'node_memory_SwapTotal_bytes{env="$env"} - node_memory_SwapFree_bytes{env="$env"}',
          legend: 'swap used',
        },
      ]),
      8,
    )
    .add(
      timeseries('Load', 'Run-queue length (1 and 15 minutes) against the number of cores', 'short', [
        { expr: 'node_load1{env="$env"}', legend: 'load 1m' },
        { expr: 'node_load15{env="$env"}', legend: 'load 15m' },
        { expr: 'count(node_cpu_seconds_total{env="$env",mode="idle"})', legend: 'cores' },
      ]),
      8,
    )
    .add(
      timeseries('Disk used', 'Share of each file system used', 'percentunit', [
        {
          expr: `1 - node_filesystem_avail_bytes{env="$env",${fs}} / node_filesystem_size_bytes{env="$env",${fs}}`,
          legend: '{{mountpoint}}',
        },
      ]),
      8,
    )
    .add(
      timeseries(
        'Disk full in (linear forecast)',
        'Hours until each file system is full at the rate of the last 6 hours (negative: it is emptying)',
        'short',
        [
          {
            expr: `node_filesystem_avail_bytes{env="$env",${fs}} / clamp_min(-deriv(node_filesystem_avail_bytes{env="$env",${fs}}[6h]), 1e-9) / 3600`,
            legend: '{{mountpoint}}',
          },
        ],
      ),
      8,
    )
    .add(
      timeseries('Disk I/O', 'Bytes read and written per second', 'Bps', [
        {
          expr: 'sum by (device) (rate(node_disk_read_bytes_total{env="$env"}[$__rate_interval]))',
          legend: 'read {{device}}',
        },
        {
          expr: 'sum by (device) (rate(node_disk_written_bytes_total{env="$env"}[$__rate_interval]))',
          legend: 'write {{device}}',
        },
      ]),
      8,
    )
    .add(
      timeseries('Network', 'Bytes per second in and out, per interface', 'Bps', [
        {
          expr: 'sum by (device) (rate(node_network_receive_bytes_total{env="$env",device!="lo"}[$__rate_interval]))',
          legend: 'in {{device}}',
        },
        {
          expr: 'sum by (device) (rate(node_network_transmit_bytes_total{env="$env",device!="lo"}[$__rate_interval]))',
          legend: 'out {{device}}',
        },
      ]),
      12,
    )
    .add(
      timeseries('OOM kills', 'Processes the kernel killed for lack of memory (per hour)', 'short', [
        { expr: 'increase(node_vmstat_oom_kill{env="$env"}[1h])', legend: 'OOM kills' },
      ]),
      12,
    )
    .row('Backups, certificates, deploys (textfile metrics)')
    .add(
      stat(
        'Last backup',
        'Since the last successful backup (alert at 26 h)',
        's',
        [{ expr: 'time() - max(backup_last_success_timestamp_seconds{env="$env"})' }],
        [{ value: 93600, color: 'red' }],
      ),
      6,
      4,
    )
    .add(
      stat(
        'Backup status',
        'Exit status of the last backup run (0 is success)',
        'none',
        [{ expr: 'max(backup_last_status{env="$env"})' }],
        [{ value: 1, color: 'red' }],
      ),
      6,
      4,
    )
    .add(
      stat(
        'Restore drill',
        'Exit status of the last restore drill (0 is success)',
        'none',
        [{ expr: 'max(restore_drill_last_status{env="$env"})' }],
        [{ value: 1, color: 'red' }],
      ),
      6,
      4,
    )
    .add(
      stat(
        'Certificates: first expiry',
        'Days until the first certificate expires (alert under 14)',
        'none',
        [{ expr: 'min(tls_certificate_not_after_seconds{env="$env"} - time()) / 86400' }],
        [
          { value: 0, color: 'red' },
          { value: 14, color: 'green' },
        ],
      ),
      6,
      4,
    )
    .add(
      table('Backups', 'Size, duration and snapshots of the last backup', [
        { expr: 'backup_last_size_bytes{env="$env"}' },
        { expr: 'backup_last_duration_seconds{env="$env"}' },
        { expr: 'backup_snapshots{env="$env"}' },
      ]),
      8,
    )
    .add(
      table('Certificates', 'Days left per certificate, from the files and from the HTTPS probes', [
        { expr: '(tls_certificate_not_after_seconds{env="$env"} - time()) / 86400' },
        { expr: '(probe_ssl_earliest_cert_expiry{env="$env"} - time()) / 86400' },
      ]),
      8,
    )
    .add(
      table('Deploys', 'The release each environment runs, its outcome, and automatic rollbacks', [
        { expr: 'coppertone_deploy_last_success' },
        { expr: 'coppertone_deploy_automatic_rollbacks_total' },
      ]),
      8,
    );
  return dashboard({
    uid: 'coppertone-host',
    title: 'Coppertone: host',
    description: 'CPU, memory, disks, network, OOM kills; backups, certificates and deploys',
    panels: l.panels,
  });
}

function postgres(): Dashboard {
  const db = 'datname="coppertone"';
  const l = new Layout()
    .row('PostgreSQL')
    .add(
      stat(
        'Up',
        'Whether the exporter reaches PostgreSQL (1 up)',
        'none',
        [{ expr: 'min(pg_up{env="$env"})' }],
        [
          { value: 0, color: 'red' },
          { value: 1, color: 'green' },
        ],
      ),
      6,
      4,
    )
    .add(
      stat(
        'Connections used',
        'Backends against max_connections',
        'percentunit',
        [{ expr: 'sum(pg_stat_database_numbackends{env="$env"}) / max(pg_settings_max_connections{env="$env"})' }],
        [
          { value: 0.8, color: 'orange' },
          { value: 0.9, color: 'red' },
        ],
      ),
      6,
      4,
    )
    .add(
      stat('Database size', 'The application database on disk', 'bytes', [
        { expr: `sum(pg_database_size_bytes{env="$env",${db}})` },
      ]),
      6,
      4,
    )
    .add(
      stat(
        'WAL archiving failures',
        'Failed archive_command runs (pgBackRest), since the server started',
        'none',
        [{ expr: 'max(pg_stat_archiver_failed_count{env="$env"})' }],
        [{ value: 1, color: 'red' }],
      ),
      6,
      4,
    )
    .add(
      timeseries('Connections', 'Backends per database, and max_connections', 'short', [
        { expr: 'sum by (datname) (pg_stat_database_numbackends{env="$env"})', legend: '{{datname}}' },
        { expr: 'max(pg_settings_max_connections{env="$env"})', legend: 'max_connections' },
      ]),
    )
    .add(
      timeseries('Transactions per second', 'Commits and rollbacks in the application database', 'short', [
        { expr: `sum(rate(pg_stat_database_xact_commit{env="$env",${db}}[$__rate_interval]))`, legend: 'commits' },
        { expr: `sum(rate(pg_stat_database_xact_rollback{env="$env",${db}}[$__rate_interval]))`, legend: 'rollbacks' },
      ]),
    )
    .add(
      timeseries('Cache hit ratio', 'Blocks found in shared buffers rather than read from disk', 'percentunit', [
        {
          expr: `sum(rate(pg_stat_database_blks_hit{env="$env",${db}}[$__rate_interval])) / clamp_min(sum(rate(pg_stat_database_blks_hit{env="$env",${db}}[$__rate_interval])) + sum(rate(pg_stat_database_blks_read{env="$env",${db}}[$__rate_interval])), 1e-9)`,
          legend: 'hit ratio',
        },
      ]),
    )
    .add(
      timeseries('Rows per second', 'Rows returned, inserted, updated, deleted', 'short', [
        { expr: `sum(rate(pg_stat_database_tup_fetched{env="$env",${db}}[$__rate_interval]))`, legend: 'fetched' },
        { expr: `sum(rate(pg_stat_database_tup_inserted{env="$env",${db}}[$__rate_interval]))`, legend: 'inserted' },
        { expr: `sum(rate(pg_stat_database_tup_updated{env="$env",${db}}[$__rate_interval]))`, legend: 'updated' },
        { expr: `sum(rate(pg_stat_database_tup_deleted{env="$env",${db}}[$__rate_interval]))`, legend: 'deleted' },
      ]),
    )
    .add(
      timeseries('Deadlocks and conflicts', 'Per hour, in the application database', 'short', [
        { expr: `sum(increase(pg_stat_database_deadlocks{env="$env",${db}}[1h]))`, legend: 'deadlocks' },
        { expr: `sum(increase(pg_stat_database_conflicts{env="$env",${db}}[1h]))`, legend: 'conflicts' },
      ]),
    )
    .add(
      timeseries('WAL archiving', 'Archived and failed WAL segments per hour', 'short', [
        { expr: 'sum(increase(pg_stat_archiver_archived_count{env="$env"}[1h]))', legend: 'archived' },
        { expr: 'sum(increase(pg_stat_archiver_failed_count{env="$env"}[1h]))', legend: 'failed' },
      ]),
    )
    .add(
      timeseries(
        'Application pools',
        "Each function's clients in use and waiting (its side of the connections)",
        'short',
        [
          { expr: `sum by (job) (db_pool_connections{env="$env",state="total"})`, legend: 'open {{job}}' },
          { expr: `sum by (job) (db_pool_connections{env="$env",state="waiting"})`, legend: 'waiting {{job}}' },
        ],
      ),
      24,
    );
  return dashboard({
    uid: 'coppertone-postgres',
    title: 'Coppertone: PostgreSQL',
    description: 'Connections, transactions, cache, rows, deadlocks, WAL archiving, application pools',
    panels: l.panels,
  });
}

/** A text box variable (Grafana keeps its value in the URL: ?var-requestId=…). */
const textbox = (name: string, label: string): VariableModel =>
  ({ name, label, type: 'textbox', query: '', current: { text: '', value: '' } }) as VariableModel;

function logsDashboard(): Dashboard {
  const serviceVariable = {
    name: 'service',
    label: 'Service',
    type: 'query',
    datasource: LOKI,
    query: { label: 'service', stream: '{env="$env"}', type: 1, refId: 'service' },
    includeAll: true,
    multi: true,
    allValue: '.+',
    refresh: 2,
    current: { text: 'All', value: '$__all' },
  } as unknown as VariableModel;
  const stream = '{env="$env", service=~"$service"}';
  const l = new Layout()
    .add(
      logs(
        'One request, every function',
        'Every line of the request whose id is in the Request id box (the X-Request-Id header, the requestId of an error answer), across the edge and every function, oldest first',
        '{env="$env"} |= "$requestId" | json | requestId = "$requestId"',
      ),
      24,
      12,
    )
    .add(
      logVolume(
        'Log lines per service and level',
        'pino levels: 30 info, 40 warn, 50 error, 60 fatal (the edge logs no level)',
        [
          {
            expr: `sum by (service, level) (count_over_time(${stream} | json [$__auto]))`,
            legend: '{{service}} {{level}}',
          },
        ],
      ),
      24,
      7,
    )
    .add(logs('Errors', 'Lines at level error or fatal (50, 60)', `${stream} | json | level >= 50`), 24, 10)
    .add(logs('Search', 'Lines of the chosen services containing the Search text', `${stream} |= "$search"`), 24, 10)
    .add(
      logs(
        'Edge: answers with 5xx',
        "Requests the edge answered with a server error; their requestId leads to the function's lines",
        '{env="$env", service="edge"} | json | status >= 500',
      ),
      24,
      8,
    );
  return dashboard({
    uid: 'coppertone-logs',
    title: 'Coppertone: logs',
    description:
      'Logs of every container (Loki, collected by Alloy); paste a request id to follow one request across functions',
    panels: l.panels,
    variables: [serviceVariable, textbox('requestId', 'Request id'), textbox('search', 'Search')],
    refresh: '',
  });
}

/** Every dashboard, by file name under dashboards/. */
export function allDashboards(): Record<string, Dashboard> {
  return {
    'overview.json': overview(),
    'business.json': business(),
    'host.json': host(),
    'postgres.json': postgres(),
    'logs.json': logsDashboard(),
  };
}
