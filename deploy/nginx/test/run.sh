#!/usr/bin/env bash
# The edge's tests (deploy/nginx): `nginx -t` on every configuration the image renders and the bad
# input its entrypoint refuses (config-checks.sh), then the production edge serving for real, with
# TLS, in front of real upstreams, every kind of answer checked for its headers, limits, redirects,
# compression, TLS profile and its own error answers (live-setup.sh, live-checks.sh), and the admin
# site in front of real Prometheus and Alertmanager (admin-checks.sh). Debian's nginx
# 1.22 runs the repository's files as in the image (in-root); the upstreams and the DNS run in
# network namespaces of the test's own (nothing binds a port of the host).
#
# Usage: deploy/nginx/test/run.sh [--help]   (= npm run edge:test; root: namespaces and mounts)
# Needs Debian's nginx, libnginx-mod-http-brotli-filter, busybox-static, pebble-challtestsrv,
# curl, openssl, apache2-utils (htpasswd), prometheus, prometheus-alertmanager (installed when
# missing) and `npm ci` (Node 24 for upstreams.ts).
# EDGE_TEST_KEEP=1 keeps the temp directory (logs of every daemon). Prints `ok - …`/`not ok - …`
# per check; the last line is `N passed, N failed`.
set -euo pipefail
if [ "${1:-}" = --help ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
cd "$(dirname "$0")/../../.."
# shellcheck source=deploy/nginx/test/lib.sh
. deploy/nginx/test/lib.sh
# shellcheck source=deploy/nginx/test/config-checks.sh
. deploy/nginx/test/config-checks.sh
# shellcheck source=deploy/nginx/test/live-setup.sh
. deploy/nginx/test/live-setup.sh
# shellcheck source=deploy/nginx/test/live-checks.sh
. deploy/nginx/test/live-checks.sh
# shellcheck source=deploy/nginx/test/admin-checks.sh
. deploy/nginx/test/admin-checks.sh

# Namespaces and bind mounts need root: an operator's account goes through sudo (asked once).
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "run as root (network namespaces, bind mounts); no sudo here"
  exec sudo --preserve-env=EDGE_TEST_KEEP,CI bash "$0" "$@"
fi
NODE=node_modules/.bin/node
[ -x "$NODE" ] || die "no Node 24 at $NODE: run npm ci first"
started=$(date +%s)
WORK="$(mktemp -d /tmp/edge-test.XXXXXX)"
chmod 755 "$WORK"
TLS="$WORK/tls"

finish() {
  local code=$?
  live_stop
  net_down
  if [ "${EDGE_TEST_KEEP:-0}" = 1 ]; then log "kept: $WORK"; else rm -rf "$WORK"; fi
  [ "$code" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo "edge tests: $(($(date +%s) - started)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] || exit 1
}
trap finish EXIT
# Interrupted: still stop the daemons and remove the namespaces (finish runs on exit).
trap 'exit 130' INT TERM

step_started=$(date +%s)
edge_need_tools
make_tls "$TLS" coppertone.test
chmod -R a+rX "$TLS"
log "━━ nginx -t on every rendered configuration, and bad input"
config_checks
log "   ($(($(date +%s) - step_started)) s)"

step_started=$(date +%s)
log "━━ the production edge serving, with TLS, in front of real upstreams"
net_up
live_start
live_checks
log "   ($(($(date +%s) - step_started)) s)"

if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck: the entrypoint and the test scripts" shellcheck -x deploy/nginx/edge-entrypoint.sh \
    deploy/nginx/test/run.sh deploy/nginx/test/in-root deploy/nginx/test/lib.sh \
    deploy/nginx/test/config-checks.sh deploy/nginx/test/live-setup.sh deploy/nginx/test/live-checks.sh \
    deploy/nginx/test/admin-checks.sh
fi
