#!/usr/bin/env bash
# All monitoring tests (`npm run monitor:test`): the rule checks (rules.sh), the alert delivery
# test (alerts.sh), the per-container figures (containers.sh) and the live test (live.sh), one
# after the other, each timed; `run.sh SUITE…` runs only those named (the live test needs the
# built web app). Every
# suite ends with `N passed, N failed`; this sums them into the one last line, and a suite that
# dies without that line counts as one failure.
set -euo pipefail

case "${1:-}" in -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(rules alerts containers live)
for suite in "${suites[@]}"; do
  case "$suite" in
  rules | alerts | containers | live) ;;
  *)
    echo "run.sh: unknown suite '$suite' (rules, alerts, containers, live)" >&2
    exit 64
    ;;
  esac
done
total_passed=0
total_failed=0
summary=()
for suite in "${suites[@]}"; do
  script="$here/$suite.sh"
  if [ ! -f "$script" ]; then
    echo "── $suite: $script not present, skipped"
    summary+=("$(printf '%-8s skipped' "$suite")")
    continue
  fi
  printf '\n━━ %s ━━\n' "$suite"
  log=$(mktemp)
  t0=$(date +%s)
  set +e
  bash "$script" 2>&1 | tee "$log"
  set -e
  secs=$(($(date +%s) - t0))
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
  rm -f "$log"
  if [ -n "$last" ]; then
    p=${last%% passed*}
    f=${last#*passed, }
    f=${f%% failed}
  else
    p=0
    f=1
    echo "not ok - $suite ended without its \`N passed, N failed\` line"
  fi
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
  summary+=("$(printf '%-8s %4s s  %s passed, %s failed' "$suite" "$secs" "$p" "$f")")
done
printf '\nMonitoring tests:\n'
printf '  %s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
