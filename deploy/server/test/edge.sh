#!/usr/bin/env bash
# shellcheck disable=SC2031 # switch() sources deploy-server.sh in a subshell; nothing here is meant to change there
# `npm run server:edge-test`: the edge of a blue/green server as deploy-server drives it
# (deploy/server/deploy-edge.sh, switch_to), on real Podman with the built edge image, without
# release sets (the edge's own health and the admin site are what is checked):
#   1. first start with the `test` site: the edge starts, its settings are recorded
#   2. a switch of colours with the same settings: a reload, the same container
#   3. EDGE_SITE=prod and EDGE_SITES=admin without a password file: refused naming
#      provision-admin-auth, the running edge and its routes unchanged
#   4. with the file (provision-admin-auth, a per-run password): a new edge, the changed settings named
#   5. Prometheus from compose/prod.yaml + server/monitoring.yaml (Debian's 2.42 in an image of
#      bookworm-slim) on coppertone-<env>-admin: admin.DOMAIN/prometheus/ 401 without or with a wrong
#      password, 200 with it; the password never printed
#   6. a switch of colours with the admin site on: a reload, the same container, still 401/200
# Images: EDGE_TEST_IMAGE, else the newest localhost/coppertone/edge with the admin site
# (npm run stack:images). Ports EDGE_TEST_PORT (HTTPS, default 21043), +37 (HTTP), +47 (Prometheus).
# Run as root. The last line is `N passed, N failed`.
set -euo pipefail
case "${1:-}" in -h | --help) sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$repo/deploy/containers.conf}"
env_name="edgetest$$"
project="coppertone-$env_name"
port="${EDGE_TEST_PORT:-21043}"
prom_image="localhost/coppertone-test/prometheus:2.42"
work="$(mktemp -d)"
passed=0
failed=0
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
check() { # check "description" command…
  local what="$1"
  shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else not_ok "$what"; fi
}
cleanup() {
  podman rm -f -t 2 "${project}_edge_1" "$project-monitoring_prometheus_1" >/dev/null 2>&1 || true
  local n
  for n in "$project-frontend" "$project-backend" "$project-admin" "$project-monitoring_monitoring"; do
    podman network rm -f "$n" >/dev/null 2>&1 || true
  done
  podman volume rm -f "${project}_acme" "$project-monitoring_prometheus-data" >/dev/null 2>&1 || true
  rm -rf "$work"
}
finish() {
  local code=$?
  cleanup
  [ "$code" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
trap finish EXIT

[ "$(id -u)" -eq 0 ] || { echo "run as root (root Podman, as deploy-server)" >&2; exit 2; }
image="${EDGE_TEST_IMAGE:-}"
if [ -z "$image" ]; then
  # (not the deploy rehearsal's fake commits, tagged with 40-hex SHAs: their edge may be a test's)
  for t in $(podman images --sort created --format '{{.CreatedAt}} {{.Tag}}' localhost/coppertone/edge | sort -r | awk '{ print $NF }' |
    grep -Ev '^[0-9a-f]{40}$'); do
    if timeout 60 podman run --rm --entrypoint /bin/busybox "localhost/coppertone/edge:$t" test -f /etc/nginx/edge-site-admin.conf 2>/dev/null; then
      image="localhost/coppertone/edge:$t"
      break
    fi
  done
fi
[ -n "$image" ] || { echo "no edge image with the admin site: npm run stack:images first" >&2; exit 2; }
digest="$(podman image inspect --format '{{.Digest}}' "$image")"
log "edge image $image ($digest)"

root="$work/root"
state="$root/var/$env_name"
mkdir -p "$root/compose" "$work/tls" "$work/pg"
cp "$repo/deploy/server/server.yaml" "$root/compose/"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=edge.test -addext "subjectAltName=DNS:edge.test,DNS:admin.edge.test" \
  -keyout "$work/tls/privkey.pem" -out "$work/tls/fullchain.pem" 2>/dev/null
chown 101:101 "$work/tls/privkey.pem"

# switch_to COLOUR with EDGE_SITE $1 and EDGE_SITES $2, in a subshell as deploy-server runs it
# (its `fail` exits); its output in $work/switch.out, its status returned.
switch() {
  (
    # shellcheck source-path=SCRIPTDIR source=../deploy-server.sh
    . "$repo/deploy/server/deploy-server.sh"
    # shellcheck disable=SC2034 # read by deploy-server's functions
    ROOT="$root" DEPLOY_ENV="$env_name" PROJECT="$project" STATE="$state" IMAGE_REPO="${image%%:*}"
    IMAGE_REPO="${IMAGE_REPO%/edge}"
    mkdir -p "$STATE/releases/r1" "$STATE/edge/active"
    echo "edge $digest" >"$STATE/releases/r1/images"
    export DEPLOY_ENV DEPLOY_STATE="$STATE" POSTGRES_IMAGE=none POSTGRES_PASSWORD=unused PGBACKREST_CONF=/dev/null
    export PGBACKREST_DIR="$work/pg" DOMAIN=edge.test TLS_CERT_DIR="$work/tls" EDGE_HTTP_PUBLISH="127.0.0.1:$((port + 37))"
    export EDGE_HTTPS_PUBLISH="127.0.0.1:$port" EDGE_SITE="$1" EDGE_SITES="$2" EDGE_ADMIN_AUTH_DIR="$STATE/edge/admin-auth"
    mkdir -p "$EDGE_ADMIN_AUTH_DIR"
    for net in frontend backend admin; do
      podman network exists "$PROJECT-$net" || podman network create "$PROJECT-$net" >/dev/null
    done
    switch_to "$3" r1
  ) >"$work/switch.out" 2>&1
}
edge_id() { podman inspect -f '{{.Id}}' "${project}_edge_1" 2>/dev/null; }
routes_to() { grep -q "\"$project-$1-\"" "$state/edge/active/upstream.conf"; }
admin_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$work/tls/fullchain.pem" \
    --resolve "admin.edge.test:$port:127.0.0.1" "$@" "https://admin.edge.test:$port/prometheus/api/v1/status/buildinfo"
}
# With the password on curl's stdin (never on a command line): Prometheus' build information.
admin_prometheus() {
  printf 'user = "admin:%s"\n' "$password" | curl -s -K - -w '\n%{http_code}' --max-time 10 --cacert "$work/tls/fullchain.pem" \
    --resolve "admin.edge.test:$port:127.0.0.1" "https://admin.edge.test:$port/prometheus/api/v1/status/buildinfo" |
    tr '\n' ' ' | grep -q '"status":"success".*"version":"2\.42\..* 200$'
}

log "1. first start, test site"
switch test none blue && rc=0 || rc=$?
check "first start: the edge runs and routes to blue" bash -c "[ $rc = 0 ] && [ -n '$(edge_id)' ] && grep -q 'edge started: routes to $project-blue' '$work/switch.out'"
check "first start: its settings are recorded (EDGE_SITE=test)" grep -qx EDGE_SITE=test "$state/edge/settings"
first="$(edge_id)"

log "2. blue → green, same settings"
switch test none green && rc=0 || rc=$?
check "same settings: a reload, the same container, routes to green" \
  bash -c "[ $rc = 0 ] && [ '$(edge_id)' = '$first' ] && grep -q 'edge reloaded: routes to $project-green' '$work/switch.out'"

log "3. EDGE_SITE=prod, EDGE_SITES=admin, no password file"
switch prod admin blue && rc=0 || rc=$?
check "admin without a password file: refused naming provision-admin-auth" \
  bash -c "[ $rc != 0 ] && grep -q 'make it with deploy/server/provision-admin-auth' '$work/switch.out' && grep -q 'the running edge is unchanged' '$work/switch.out'"
unchanged() { [ "$(edge_id)" = "$first" ] && routes_to green; }
check "… the running edge is the same container and still routes to green" unchanged
check "… the settings record is unchanged (the next deploy tries again)" grep -qx EDGE_SITE=test "$state/edge/settings"

log "4. with the password file"
password="$(openssl rand -base64 24)"
EDGE_ADMIN_PASSWORD="$password" bash "$repo/deploy/server/provision-admin-auth" --dir "$state/edge/admin-auth" >"$work/provision.out" 2>&1 && rc=0 || rc=$?
check "provision-admin-auth wrote the file (owner 101, mode 0400)" bash -c "[ $rc = 0 ] && [ \"\$(stat -c '%u %a' '$state/edge/admin-auth/htpasswd')\" = '101 400' ]"
switch prod admin blue && rc=0 || rc=$?
check "changed settings: a new edge, the deploy names them (EDGE_SITE EDGE_SITES)" \
  bash -c "[ $rc = 0 ] && [ '$(edge_id)' != '$first' ] && grep -q \"the edge's settings changed (EDGE_SITE EDGE_SITES)\" '$work/switch.out'"
check "… recorded: EDGE_SITES=admin" grep -qx EDGE_SITES=admin "$state/edge/settings"
second="$(edge_id)"

log "5. Prometheus from compose/prod.yaml + server/monitoring.yaml on $project-admin"
mkdir -p "$work/prometheus-image"
cp /usr/bin/prometheus "$work/prometheus-image/"
printf 'FROM docker.io/library/debian:bookworm-slim\nCOPY prometheus /bin/prometheus\nENTRYPOINT ["/bin/prometheus"]\n' >"$work/prometheus-image/Containerfile"
podman build -q --pull=never -t "$prom_image" "$work/prometheus-image" >/dev/null
# prod.yaml's required settings (a server's environment file has them all but COPPERTONE_TAG);
# stdout dropped: given two files, podman-compose prints the merged one, settings included.
if ! env DEPLOY_ENV="$env_name" COPPERTONE_TAG=unused PUBLIC_URL=https://edge.test DOMAIN=edge.test POSTGRES_PASSWORD=unused \
  SMTP_URL=smtp://127.0.0.1:9 CONTACT_NOTIFY_EMAIL=ops@edge.test TLS_CERT_DIR="$work/tls" STRIPE_SECRET_KEY=unused \
  STRIPE_WEBHOOK_SECRET=unused BTCPAY_URL=http://127.0.0.1:9 BTCPAY_API_KEY=unused BTCPAY_STORE_ID=unused \
  BTCPAY_WEBHOOK_SECRET=unused PROMETHEUS_IMAGE="$prom_image" PROMETHEUS_PORT="$((port + 47))" \
  timeout 120 podman-compose -p "$project-monitoring" -f "$repo/deploy/compose/prod.yaml" -f "$repo/deploy/server/monitoring.yaml" \
  up -d prometheus >/dev/null 2>"$work/monitoring.err"; then
  grep -v systemd "$work/monitoring.err" | tail -n 5
  not_ok "Prometheus of the monitoring compose started"
fi
for _ in $(seq 1 60); do
  admin_prometheus && break
  sleep 1
done
check "admin.DOMAIN/prometheus/ without credentials: 401" test "$(admin_code)" = 401
check "… with a wrong password: 401" test "$(admin_code -u admin:wrong-password-of-24-chars)" = 401
check "… with the password: 200 from Prometheus 2.42, found by name on $project-admin" admin_prometheus

log "6. blue → green with the admin site on"
switch prod admin green && rc=0 || rc=$?
check "a reload, the same container, routes to green" \
  bash -c "[ $rc = 0 ] && [ '$(edge_id)' = '$second' ] && grep -q 'edge reloaded: routes to $project-green' '$work/switch.out'"
check "… the admin site: 401 without credentials" test "$(admin_code)" = 401
check "… 200 with the password" admin_prometheus
no_password() { ! grep -rqF --exclude-dir=prometheus-image -f <(printf '%s\n' "$password") "$work"; }
check "the password appears in no output or state file of the test" no_password
check "deploy-edge.sh, deploy-server.sh and this test pass shellcheck" \
  shellcheck -x "$repo/deploy/server/deploy-server.sh" "$repo/deploy/server/deploy-edge.sh" "$0"
