#!/usr/bin/env bash
# The dashboards' checks (deploy/monitoring/dashboards.test.ts, logging-config.test.ts and the
# @grafana/schema typecheck), then the live monitoring test (test/live.test.ts): the all-in-one
# server on a throwaway PostgreSQL 15, nginx with stub_status in front of it, node_exporter,
# postgres_exporter, the nginx exporter, blackbox_exporter, Alertmanager 0.25 and Prometheus 2.42
# (prometheus.yml's jobs on local targets, the real rules), all on 127.0.0.1 ports
# ${LIVE_TEST_PORT_BASE:-20400}+1..8. After some traffic: every target up, every recording rule and
# dashboard PromQL query runs and, over metrics emitted here, returns data; the log lines of that
# traffic are JSON with the fields Loki reads and no secret; one request id finds every line.
# Needs the Debian packages prometheus, prometheus-alertmanager, prometheus-node-exporter,
# prometheus-postgres-exporter, prometheus-nginx-exporter, prometheus-blackbox-exporter, nginx,
# postgresql, `npm ci` (Node 24) and the built web app (npm run build).
# MONITOR_TEST_KEEP=1 keeps the temp directory (configurations and every daemon's log).
# The last line is `N passed, N failed`.
set -euo pipefail

case "${1:-}" in -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
cd "$(dirname "$0")/../../.."
started=$(date +%s)
# shellcheck source=deploy/monitoring/test/lib.sh
. deploy/monitoring/test/lib.sh
# nginx by its path: /usr/sbin may not be on a user's PATH.
need_tools "live test" "apt-get install prometheus prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter prometheus-nginx-exporter prometheus-blackbox-exporter nginx postgresql" \
  prometheus promtool prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter \
  prometheus-nginx-exporter prometheus-blackbox-exporter psql /usr/sbin/nginx
if [ ! -f apps/web/build/index.html ]; then
  echo "not ok - live test: the web app is not built (npm run build)"
  echo "0 passed, 1 failed"
  exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# First what needs no daemon: the dashboards (types, data sources, PromQL/LogQL grammars, promtool,
# metric names) and the Loki/Alloy/blackbox configuration.
echo "→ dashboards: typecheck against @grafana/schema"
if timeout 120 "$node" node_modules/typescript/bin/tsc -p deploy/monitoring/tsconfig.dashboards.json; then
  echo "ok - dashboards type-check as Grafana's dashboard model"
  passed=$((passed + 1))
else
  echo "not ok - dashboards do not type-check (tsc -p deploy/monitoring/tsconfig.dashboards.json)"
  failed=$((failed + 1))
fi
echo "→ dashboards, Loki, Alloy and blackbox configuration"
set +e
timeout 120 "$node" --test --test-reporter=spec deploy/monitoring/dashboards.test.ts \
  deploy/monitoring/logging-config.test.ts 2>&1 | tee "$log"
tally "${PIPESTATUS[0]}" "$log"
set -e

echo "→ live test (server, exporters, Prometheus; every target, rule and dashboard query)"
# One run at a time on this machine: a second one would find its ports taken. It waits its turn.
exec 9>"${TMPDIR:-/tmp}/coppertone-monitoring-live.lock"
if ! flock -w 300 9; then
  echo "not ok - live test: another run held ${TMPDIR:-/tmp}/coppertone-monitoring-live.lock for 300 s"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
set +e
timeout 300 "$node" --test --test-reporter=spec --test-concurrency=1 deploy/monitoring/test/live.test.ts 2>&1 | tee "$log"
tally "${PIPESTATUS[0]}" "$log"
set -e
echo "live test: $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
