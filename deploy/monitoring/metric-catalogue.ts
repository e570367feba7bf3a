// Every metric the dashboards may read, and who emits it. The dashboard test fails on a query over
// a metric not listed here (nobody emits it); the live test (test/live.sh) checks that the metrics
// of what runs there are really scraped. deploy/monitoring/README.md's table lists the same.

export type Source =
  /** A function's /metrics (packages/observability/src/metrics.ts). */
  | 'app'
  /** prom-client's default process metrics, on every function's /metrics. */
  | 'process'
  /** A job's .prom file in node_exporter's textfile directory (backup, drill, PITR, deploy, certs). */
  | 'textfile'
  | 'node'
  | 'postgres'
  | 'nginx'
  | 'blackbox'
  /** Prometheus itself (`up` for every target). */
  | 'prometheus';

export interface MetricInfo {
  source: Source;
  /**
   * When the live test's traffic does not make a series of it (labels appear only after an event
   * it does not cause): what would. Its queries must still run there without an error.
   */
  needs?: string;
}

const app = (needs?: string): MetricInfo => ({ source: 'app', ...(needs ? { needs } : {}) });
const textfile: MetricInfo = { source: 'textfile', needs: 'the backup, drill, PITR, deploy and certificate jobs' };

export const METRICS: Record<string, MetricInfo> = {
  // The contract of packages/observability (the dashboards and alerts read these names).
  http_request_duration_seconds_bucket: app(),
  http_request_duration_seconds_count: app(),
  http_request_duration_seconds_sum: app(),
  read_cache_lookups_total: app(),
  jobs_queued: app(),
  jobs_oldest_queued_age_seconds: app(),
  jobs_failed_total: app('a job failing its last attempt'),
  contact_outbox_pending: app(),
  contact_outbox_oldest_age_seconds: app(),
  payment_webhooks_total: app(),
  checkouts_awaiting_answer: app(),
  invoices_overpaid_awaiting_refund: app(),
  invoices_overpaid_oldest_age_seconds: app(),
  invoices: app(),
  users_registered_total: app(),
  payments_received_total: app(),
  payments_received_minor_total: app('a payment recorded'),
  sse_connections: app(),
  db_pool_connections: app(),
  db_pool_max: app(),
  process_cpu_seconds_total: { source: 'process' },
  process_resident_memory_bytes: { source: 'process' },
  nodejs_eventloop_lag_p99_seconds: { source: 'process' },

  backup_last_success_timestamp_seconds: textfile,
  backup_last_status: textfile,
  backup_last_duration_seconds: textfile,
  backup_last_size_bytes: textfile,
  backup_snapshots: textfile,
  restore_drill_last_status: textfile,
  restore_drill_last_success_timestamp_seconds: textfile,
  pitr_backup_last_success_timestamp_seconds: textfile,
  pitr_check_last_status: textfile,
  coppertone_deploy_last_success: textfile,
  coppertone_deploy_automatic_rollbacks_total: textfile,
  coppertone_deploy_last_timestamp_seconds: textfile,
  tls_certificate_not_after_seconds: textfile,
  certs_renew_last_status: textfile,
  certs_renew_last_success_timestamp_seconds: textfile,

  node_cpu_seconds_total: { source: 'node' },
  node_memory_MemAvailable_bytes: { source: 'node' },
  node_memory_MemTotal_bytes: { source: 'node' },
  node_memory_SwapTotal_bytes: { source: 'node' },
  node_memory_SwapFree_bytes: { source: 'node' },
  node_load1: { source: 'node' },
  node_load15: { source: 'node' },
  node_filesystem_avail_bytes: { source: 'node' },
  node_filesystem_size_bytes: { source: 'node' },
  node_disk_read_bytes_total: { source: 'node' },
  node_disk_written_bytes_total: { source: 'node' },
  node_network_receive_bytes_total: { source: 'node' },
  node_network_transmit_bytes_total: { source: 'node' },
  node_vmstat_oom_kill: { source: 'node' },

  pg_up: { source: 'postgres' },
  pg_stat_database_numbackends: { source: 'postgres' },
  pg_settings_max_connections: { source: 'postgres' },
  pg_database_size_bytes: { source: 'postgres' },
  pg_stat_database_xact_commit: { source: 'postgres' },
  pg_stat_database_xact_rollback: { source: 'postgres' },
  pg_stat_database_blks_hit: { source: 'postgres' },
  pg_stat_database_blks_read: { source: 'postgres' },
  pg_stat_database_tup_fetched: { source: 'postgres' },
  pg_stat_database_tup_inserted: { source: 'postgres' },
  pg_stat_database_tup_updated: { source: 'postgres' },
  pg_stat_database_tup_deleted: { source: 'postgres' },
  pg_stat_database_deadlocks: { source: 'postgres' },
  pg_stat_database_conflicts: { source: 'postgres' },
  pg_stat_archiver_archived_count: { source: 'postgres' },
  pg_stat_archiver_failed_count: { source: 'postgres' },

  nginx_http_requests_total: { source: 'nginx' },
  nginx_connections_active: { source: 'nginx' },

  probe_success: { source: 'blackbox' },
  probe_duration_seconds: { source: 'blackbox' },
  probe_ssl_earliest_cert_expiry: {
    source: 'blackbox',
    needs: 'an HTTPS target (the live test probes the all-in-one server over plain HTTP)',
  },

  up: { source: 'prometheus' },
};
