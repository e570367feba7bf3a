#!/usr/bin/env bash
# Per-container CPU and memory (deploy/monitoring/containers): the parsing's unit tests, then the
# collector against a real container started here (Podman, the Debian base image the stack
# builds) with a memory limit: containers.prom carries its CPU time, memory, limit and OOM flag,
# in a format promtool accepts, written by an atomic rename. Last line `N passed, N failed`.
set -euo pipefail
case "${1:-}" in -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
cd "$(dirname "$0")/../../.."
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/deploy/containers.conf}"
NODE=node_modules/.bin/node
IMAGE="${CONTAINER_STATS_IMAGE:-docker.io/library/debian:bookworm-slim}"
passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
work=$(mktemp -d)
name="coppertone-stats-test-$$"
trap 'timeout 30 podman rm -f -t 0 "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

if "$NODE" --test deploy/monitoring/containers/parse.test.ts >"$work/unit.log" 2>&1; then
  ok "parsing podman's durations and sizes (unit tests)"
else
  cat "$work/unit.log"
  not_ok "parsing podman's durations and sizes (unit tests)"
fi

# Some CPU time to measure, then idle; it runs in the container's shell.
# shellcheck disable=SC2016
busy='i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 300'
if ! timeout 60 podman image exists "$IMAGE"; then
  not_ok "the image $IMAGE is missing (scripts/stack/base-images.sh makes it)"
elif ! timeout 120 podman run -d --name "$name" --memory 64m "$IMAGE" sh -c "$busy" >/dev/null; then
  not_ok "starting a test container from $IMAGE"
else
  sleep 3
  if timeout 120 "$NODE" deploy/monitoring/containers/stats.ts "$work" >"$work/run.log" 2>&1; then
    ok "the collector wrote containers.prom ($(cat "$work/run.log"))"
  else
    cat "$work/run.log"
    not_ok "the collector ran"
  fi
  prom="$work/containers.prom"
  cpu=$(awk -v n="container_cpu_seconds_total{name=\"$name\"}" '$1 == n { print $2 }' "$prom" 2>/dev/null)
  mem=$(awk -v n="container_memory_usage_bytes{name=\"$name\"}" '$1 == n { print $2 }' "$prom" 2>/dev/null)
  limit=$(awk -v n="container_memory_limit_bytes{name=\"$name\"}" '$1 == n { print $2 }' "$prom" 2>/dev/null)
  oom=$(awk -v n="container_oom_killed{name=\"$name\"}" '$1 == n { print $2 }' "$prom" 2>/dev/null)
  if awk -v v="${cpu:-0}" 'BEGIN { exit !(v > 0) }'; then ok "CPU time of the container: ${cpu} s"; else not_ok "CPU time of the container (got '${cpu:-none}')"; fi
  if awk -v v="${mem:-0}" 'BEGIN { exit !(v > 0 && v < 67108864) }'; then ok "memory of the container: ${mem} bytes, under its limit"; else not_ok "memory of the container (got '${mem:-none}')"; fi
  # --memory 64m = 67,108,864 bytes, which podman prints rounded to 67.11MB.
  if awk -v v="${limit:-0}" 'BEGIN { exit !(v > 66e6 && v < 68e6) }'; then ok "its memory limit: ${limit} bytes (--memory 64m)"; else not_ok "its memory limit (got '${limit:-none}')"; fi
  if [ "${oom:-}" = 0 ]; then ok "not OOM-killed: container_oom_killed 0"; else not_ok "container_oom_killed (got '${oom:-none}')"; fi
  if promtool check metrics <"$prom" >"$work/check.log" 2>&1; then
    ok "promtool check metrics accepts containers.prom"
  else
    cat "$work/check.log"
    not_ok "promtool check metrics accepts containers.prom"
  fi
  if [ ! -e "$prom.tmp" ]; then ok "no temporary file left (atomic rename)"; else not_ok "a temporary file was left"; fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
