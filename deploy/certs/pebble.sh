# shellcheck shell=bash
# Shared by deploy/certs/test.sh and scripts/edge/{up,down}.sh: Let's Encrypt's test CA (Debian's
# pebble) with pebble-challtestsrv as its DNS server (every name → 127.0.0.1), and the edge image
# built from the working tree's deploy/nginx, run under Podman with the `prod` site. Every daemon is
# bound to 127.0.0.1 on ports given by the caller, has its own config and PID file, and is stopped
# by its PID. Sourced, never run.
#
# The caller sets, before calling:
#   CERTS_RUN       the run's directory (pebble's config, certificates, PID files, logs)
#   PEBBLE_PORT     ACME API; PEBBLE_MGMT_PORT management (roots); DNS_PORT, DNS_MGMT_PORT challtestsrv
#   EDGE_HTTP_PORT  the edge's HTTP port on 127.0.0.1, where pebble validates HTTP-01 (its httpPort)
#   EDGE_HTTPS_PORT the edge's HTTPS port on 127.0.0.1

CERTS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$CERTS_ROOT/deploy/containers.conf}"
# shellcheck source=scripts/stack/versions.sh
. "$CERTS_ROOT/scripts/stack/versions.sh"
CERTS_NODE="$CERTS_ROOT/node_modules/.bin/node"
# Certificates pebble issues here live 90 days, like Let's Encrypt's (pebble's default is 5 years).
PEBBLE_VALIDITY_SECONDS="${PEBBLE_VALIDITY_SECONDS:-7776000}"

clog() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
cdie() {
  printf '%s FAILED: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
  exit 1
}

# wait_until SECONDS WHAT command...: polls every 0.2 s until the command succeeds.
wait_until() {
  local limit="$1" what="$2" deadline
  shift 2
  deadline=$(($(date +%s) + limit))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
  clog "ready: $what"
}

# start_daemon NAME LOG command...: in the background, its PID in $CERTS_RUN/NAME.pid.
start_daemon() {
  local name="$1" logfile="$2"
  shift 2
  "$@" >"$logfile" 2>&1 &
  echo $! >"$CERTS_RUN/$name.pid"
}

stop_daemon() {
  local pidfile="$CERTS_RUN/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# The ACME API's own TLS certificate (pebble ships none here): a CA made for the run, and a
# certificate for 127.0.0.1/localhost signed by it. The renewal tool trusts that CA by
# NODE_EXTRA_CA_CERTS.
make_api_cert() {
  local d="$CERTS_RUN/api"
  mkdir -p "$d"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj '/CN=pebble API CA (test run)' \
    -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=localhost' \
    -keyout "$d/api.key" -out "$d/api.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$d/ext"
  openssl x509 -req -in "$d/api.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile "$d/ext" -out "$d/api.pem" 2>/dev/null
}

dns_mgmt() { curl -sS --max-time 5 -X POST -d "$2" "http://127.0.0.1:$DNS_MGMT_PORT/$1"; }

start_ca() {
  make_api_cert
  start_daemon challtestsrv "$CERTS_RUN/challtestsrv.log" timeout "${CERTS_DAEMON_LIFETIME:-3600}" pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" \
    -dns01 "127.0.0.1:$DNS_PORT" -management "127.0.0.1:$DNS_MGMT_PORT" -http01 "" -https01 "" -tlsalpn01 ""
  cat >"$CERTS_RUN/pebble.json" <<JSON
{"pebble": {
  "listenAddress": "127.0.0.1:$PEBBLE_PORT",
  "managementListenAddress": "127.0.0.1:$PEBBLE_MGMT_PORT",
  "certificate": "$CERTS_RUN/api/api.pem",
  "privateKey": "$CERTS_RUN/api/api.key",
  "httpPort": $EDGE_HTTP_PORT,
  "tlsPort": $EDGE_HTTPS_PORT,
  "ocspResponderURL": "http://127.0.0.1:$PEBBLE_MGMT_PORT/ocsp",
  "externalAccountBindingRequired": false,
  "certificateValidityPeriod": $PEBBLE_VALIDITY_SECONDS
}}
JSON
  # ocspResponderURL: certificates without any revocation pointer are a HIGH finding of testssl.sh;
  # Let's Encrypt's carry a CRL pointer (OCSP is gone), pebble 2.4 can only name an OCSP URL (unused).
  # No sleep before validating, no deliberately rejected nonces, no reused authorisations (a
  # failing challenge must fail, not be skipped by an earlier valid one).
  start_daemon pebble "$CERTS_RUN/pebble.log" env PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
    timeout "${CERTS_DAEMON_LIFETIME:-3600}" pebble -config "$CERTS_RUN/pebble.json" -dnsserver "127.0.0.1:$DNS_PORT"
  wait_until 20 "pebble-challtestsrv on 127.0.0.1:$DNS_MGMT_PORT" dns_mgmt set-default-ipv4 '{"ip":"127.0.0.1"}' ||
    cdie "pebble-challtestsrv did not start ($(tail -n 3 "$CERTS_RUN/challtestsrv.log"))"
  wait_until 20 "pebble on 127.0.0.1:$PEBBLE_PORT" curl -fsS --max-time 2 --cacert "$CERTS_RUN/api/ca.pem" "https://127.0.0.1:$PEBBLE_PORT/dir" ||
    cdie "pebble did not start ($(tail -n 3 "$CERTS_RUN/pebble.log"))"
  # Its roots change at every start.
  curl -fsS --max-time 5 --cacert "$CERTS_RUN/api/ca.pem" "https://127.0.0.1:$PEBBLE_MGMT_PORT/roots/0" >"$CERTS_RUN/pebble-root.pem" ||
    cdie "pebble's root from https://127.0.0.1:$PEBBLE_MGMT_PORT/roots/0"
  chmod 0644 "$CERTS_RUN/pebble-root.pem"
}

stop_ca() {
  stop_daemon pebble
  stop_daemon challtestsrv
}

# The edge image from the committed deploy/nginx (EDGE_SOURCE=worktree: the working tree's, to try
# a change before committing it), on the cached Debian stand-in (scripts/stack/base-images.sh).
build_edge() {
  local ctx="$CERTS_RUN/edge-context" tag="$1"
  podman image exists "$DEBIAN_IMAGE" || cdie "the base image $DEBIAN_IMAGE is missing: run npm run stack:images first"
  mkdir -p "$ctx/deploy"
  if [ "${EDGE_SOURCE:-commit}" = worktree ]; then
    cp -r "$CERTS_ROOT/deploy/nginx" "$ctx/deploy/"
  else
    git -C "$CERTS_ROOT" archive HEAD deploy/nginx | tar -x -C "$ctx" || cdie "git archive of deploy/nginx"
  fi
  flock -w 600 /tmp/coppertone-podman.lock timeout 600 podman build -q --pull=never --format docker -f "$ctx/deploy/nginx/Containerfile" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" --build-arg "REVISION=working-tree" -t "$tag" "$ctx" >"$CERTS_RUN/edge-build.log" 2>&1 ||
    cdie "building the edge image $tag ($(tail -n 5 "$CERTS_RUN/edge-build.log"))"
}

# start_edge NAME IMAGE DOMAIN [podman run options...]: the `prod` site with the run's certificate
# directory and webroot, published on 127.0.0.1 only.
start_edge() {
  local name="$1" image="$2" domain="$3"
  shift 3
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman run -d --name "$name" --read-only --tmpfs /tmp -e "DOMAIN=$domain" -e EDGE_SITES=none \
    -v "$CERTS_RUN/tls:/etc/nginx/tls:ro" -v "$CERTS_RUN/acme:/var/www/acme:ro" \
    -p "127.0.0.1:$EDGE_HTTP_PORT:8080" -p "127.0.0.1:$EDGE_HTTPS_PORT:8443" "$@" "$image" prod >/dev/null ||
    cdie "starting the edge container $name"
  wait_until 30 "edge $name on 127.0.0.1:$EDGE_HTTP_PORT/$EDGE_HTTPS_PORT" curl -sS -o /dev/null --max-time 2 "http://127.0.0.1:$EDGE_HTTP_PORT/" || {
    podman logs --tail 20 "$name" >&2
    cdie "the edge $name did not answer on 127.0.0.1:$EDGE_HTTP_PORT"
  }
}

# The graceful reload the server does: check the configuration (and with it the new pair), then HUP.
edge_reload_command() {
  echo "podman exec $1 /usr/sbin/nginx -t -q -c /etc/nginx/edge-prod.conf && podman kill --signal HUP $1 >/dev/null"
}

# The renewal tool with the run's settings (pebble's API CA trusted; DOMAIN etc. from the caller,
# which may also set CERTS_DIR or CERTS_WEBROOT for one call).
certs_tool() {
  NODE_EXTRA_CA_CERTS="$CERTS_RUN/api/ca.pem" \
    ACME_DIRECTORY_URL="https://127.0.0.1:$PEBBLE_PORT/dir" \
    CERTS_DIR="${CERTS_DIR:-$CERTS_RUN/tls}" CERTS_WEBROOT="${CERTS_WEBROOT:-$CERTS_RUN/acme}" \
    CERTS_ACCOUNT_KEY="$CERTS_RUN/account/acme-account.key" \
    CERTS_CHECK_URL="http://127.0.0.1:$EDGE_HTTP_PORT" CERTS_EDGE_HTTPS="127.0.0.1:$EDGE_HTTPS_PORT" \
    timeout "${CERTS_TOOL_TIMEOUT:-180}" "$CERTS_NODE" "$CERTS_ROOT/deploy/certs/certs.ts" "$@"
}
