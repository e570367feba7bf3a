#!/usr/bin/env bash
# The alert delivery test (deploy/monitoring/test/delivery.test.ts, `node --test`): real Prometheus
# 2.42 and Alertmanager 0.25, the Matrix receiver (services/alerts), a recording stand-in for the
# homeserver and the dead man's switch, and a test SMTP server, all on 127.0.0.1 ports
# ${MONITOR_TEST_PORT_BASE:-20310}..+6. Needs the Debian packages prometheus and
# prometheus-alertmanager, gettext-base (envsubst), and `npm ci` (Node 24).
# MONITOR_TEST_KEEP=1 keeps the temp directory (configurations and every daemon's log).
# The last line is `N passed, N failed`.
set -euo pipefail

case "${1:-}" in -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
cd "$(dirname "$0")/../../.."
started=$(date +%s)
# shellcheck source=deploy/monitoring/test/lib.sh
. deploy/monitoring/test/lib.sh
need_tools "delivery test" "apt-get install prometheus prometheus-alertmanager gettext-base" \
  prometheus prometheus-alertmanager promtool amtool envsubst
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "→ delivery test (Prometheus → Alertmanager → receiver → Matrix / e-mail)"
set +e
timeout 600 "$node" --test --test-reporter=spec --test-concurrency=1 deploy/monitoring/test/delivery.test.ts 2>&1 | tee "$log"
tally "${PIPESTATUS[0]}" "$log"
set -e
echo "delivery test: $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
