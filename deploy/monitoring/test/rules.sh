#!/usr/bin/env bash
# The static checks of the monitoring configuration, with the real tools: promtool check config
# and check rules, promtool test rules (every file in rules/tests/), the Alertmanager template
# rendered and checked by amtool, its routing tree (amtool config routes test), and the coverage
# check (every alert has a summary, a description, a runbook page and tests that fire and stay
# silent). Each of those is also shown to fail on a broken input. Needs the Debian packages
# prometheus, prometheus-alertmanager, gettext-base; shellcheck when installed; `npm ci`.
# Prints `ok - …`/`not ok - …` per check; the last line is `N passed, N failed`.
set -euo pipefail

case "${1:-}" in -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
cd "$(dirname "$0")/../../.."
MON=deploy/monitoring
started=$(date +%s)
passed=0
failed=0
ok() { printf 'ok - %s\n' "$1"; passed=$((passed + 1)); }
not_ok() { printf 'not ok - %s\n' "$1"; failed=$((failed + 1)); }
# check "name" command...: ok when it succeeds; its output shown when it fails.
check() {
  local name="$1" out
  shift
  if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name"; printf '%s\n' "$out" | sed 's/^/    /' | tail -n 40; fi
}
# refuses "name" "expected text" command...: ok when the command fails and its output names the text.
refuses() {
  local name="$1" expect="$2" out
  shift 2
  if out=$("$@" 2>&1); then
    not_ok "$name (it passed)"
  elif grep -qF -- "$expect" <<<"$out"; then
    ok "$name"
  else
    not_ok "$name (failed without naming \"$expect\")"
    printf '%s\n' "$out" | sed 's/^/    /' | tail -n 20
  fi
}

for tool in promtool amtool envsubst; do
  command -v "$tool" >/dev/null 2>&1 || { not_ok "$tool is installed (apt-get install prometheus prometheus-alertmanager gettext-base)"; echo "$passed passed, $failed failed"; exit 1; }
done
node=node
[ -x node_modules/.bin/node ] && node=node_modules/.bin/node
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "→ Prometheus configuration and rules"
check "promtool check config prometheus.yml (with its rule files)" timeout 60 promtool check config "$MON/prometheus.yml"
check "promtool check rules rules/*.yml" timeout 60 promtool check rules "$MON"/rules/*.yml
for t in "$MON"/rules/tests/*.test.yml; do
  check "promtool test rules $(basename "$t")" bash -c "cd '$MON/rules' && timeout 120 promtool test rules 'tests/$(basename "$t")'"
done

echo "→ Alertmanager"
set -a
# shellcheck disable=SC1091 # the example settings, sourced to render a checkable file
. "$MON/alertmanager/alertmanager.env.example"
set +a
check "alertmanager.yml rendered from the template and checked by amtool" "$MON/alertmanager/render.sh" "$tmp/alertmanager.yml"
routes() {
  local want="$1" got
  shift
  got=$(timeout 30 amtool config routes test --config.file="$tmp/alertmanager.yml" "$@" 2>/dev/null)
  [ "$got" = "$want" ] || { echo "labels $* → $got (expected $want)"; return 1; }
}
check "route: Watchdog → deadmans-switch" routes deadmans-switch alertname=Watchdog severity=none
check "route: critical → matrix" routes matrix alertname=PostgresDown severity=critical env=production
check "route: warning → matrix" routes matrix alertname=BackupFailed severity=warning env=production
check "route: AlertmanagerNotificationsFailing → email (not through the room)" routes email alertname=AlertmanagerNotificationsFailing severity=critical

echo "→ every alert: summary, description, runbook, tests"
cov=$("$node" "$MON/test/coverage.ts" 2>&1) && cov_status=0 || cov_status=$?
while IFS= read -r line; do
  case "$line" in
  "ok - "*) ok "${line#ok - }" ;;
  "not ok - "*) not_ok "${line#not ok - }" ;;
  *) [ -z "$line" ] || echo "    $line" ;;
  esac
done <<<"$cov"
[ "$cov_status" -eq 0 ] || grep -q '^not ok' <<<"$cov" || not_ok "coverage check exited $cov_status"

echo "→ the checks fail on broken input"
mkdir -p "$tmp/broken/rules/tests" "$tmp/broken/runbooks"
cp "$MON"/rules/*.yml "$tmp/broken/rules/"
cp "$MON"/rules/tests/*.test.yml "$tmp/broken/rules/tests/"
cp docs/runbooks/*.md "$tmp/broken/runbooks/"
cat >"$tmp/broken/rules/alerts-extra.yml" <<'YAML'
groups:
  - name: extra
    rules:
      - alert: UndocumentedExample
        expr: up == 0
        labels:
          severity: warning
        annotations:
          summary: an alert nobody wrote a runbook or a test for
YAML
refuses "coverage names an alert without runbook, description or tests" "not ok - alert UndocumentedExample" "$node" "$MON/test/coverage.ts" --rules "$tmp/broken/rules" --runbooks "$tmp/broken/runbooks"
rm "$tmp/broken/runbooks/TargetDown.md"
refuses "coverage names an alert whose runbook page is gone" "no runbook page docs/runbooks/TargetDown.md" "$node" "$MON/test/coverage.ts" --rules "$tmp/broken/rules" --runbooks "$tmp/broken/runbooks"
printf 'groups:\n  - name: bad\n    rules:\n      - alert: Broken\n        expr: rate(up[5m]\n' >"$tmp/broken/rules/alerts-bad.yml"
refuses "promtool check rules names a rule that does not parse" "alerts-bad.yml" timeout 60 promtool check rules "$tmp/broken/rules/alerts-bad.yml"
# A test expecting TargetDown one minute early must fail: the boundary is really tested.
sed 's/eval_time: 7m/eval_time: 6m30s/' "$MON/rules/tests/meta.test.yml" >"$tmp/broken/rules/tests/early.test.yml"
refuses "promtool test rules fails when TargetDown is expected before its 5 minutes" "TargetDown" bash -c "cd '$tmp/broken/rules' && timeout 60 promtool test rules tests/early.test.yml"

if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck of the monitoring scripts" shellcheck -x "$MON/alertmanager/render.sh" "$MON"/test/*.sh
else
  echo "    shellcheck not installed: lint skipped"
fi

echo "rule checks: $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
