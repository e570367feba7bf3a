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
missing=()
for tool in prometheus prometheus-alertmanager promtool amtool envsubst; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "not ok - delivery test: missing ${missing[*]} (apt-get install prometheus prometheus-alertmanager gettext-base)"
  echo "0 passed, 1 failed"
  exit 1
fi
node=node
[ -x node_modules/.bin/node ] && node=node_modules/.bin/node
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "→ delivery test (Prometheus → Alertmanager → receiver → Matrix / e-mail)"
set +e
timeout 600 "$node" --test --test-reporter=spec --test-concurrency=1 deploy/monitoring/test/delivery.test.ts 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
p="$(awk '/^ℹ pass / {print $3}' "$log" | tail -n 1)"
f="$(awk '/^ℹ fail / {print $3}' "$log" | tail -n 1)"
p=${p:-0}
f=${f:-1}
# A crash or timeout before the summary still counts as a failure.
[ "$status" -eq 0 ] || [ "$f" -gt 0 ] || f=$((f + 1))
echo "delivery test: $(($(date +%s) - started)) s"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
