#!/usr/bin/env bash
# `npm run edge:up`: the production edge (the edge image with its `prod` site: TLS, HSTS, redirects)
# on https://<name>:18443/ of 127.0.0.1, with a certificate issued by Let's Encrypt's test CA
# (Debian's pebble, pebble-challtestsrv as its DNS) through the edge's webroot by deploy/certs, and
# behind it the web app and the functions as the stack test runs them (the test stack under
# podman-compose, project coppertone-edge, its own ports). Prints the site's address and the path
# of pebble's root certificate (readable until `npm run edge:down`), so the site can be scanned
# (deploy/certs/testssl.sh) or opened in a browser that trusts that root.
#   EDGE_DOMAIN   the site's name (default coppertone.localhost: *.localhost is loopback in browsers
#                 and curl, no /etc/hosts entry needed; www., gitea., matrix. are in the certificate)
#   EDGE_PORT     the HTTPS port (default 18443); EDGE_RUN the state directory (default /tmp/coppertone-edge)
#   STACK_BUILD=0 STACK_TAG=<tag>   use images already built instead of building the commit's
# Daemons on 127.0.0.1 only: pebble 20124/20125, DNS 20163/20165, the edge's HTTP 20190, the test
# stack's own edge 20188, mailbox 20126, payment stand-ins 20181/20182. Each ends by itself after 12 h.
set -euo pipefail
[ "${1:-}" != --help ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0; }
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/edge/env.sh
. "$here/env.sh"
t0=$(date +%s)

[ ! -e "$CERTS_RUN/up" ] || cdie "an edge is already up ($CERTS_RUN): npm run edge:down first"
mkdir -p "$CERTS_RUN/tls" "$CERTS_RUN/acme" "$CERTS_RUN/account"
chmod 0755 "$CERTS_RUN"
# shellcheck disable=SC2064 # the paths are fixed now
trap "[ -e '$CERTS_RUN/up' ] || bash '$here/down.sh' >/dev/null 2>&1" EXIT

clog "1/5 pebble (ACME 127.0.0.1:$PEBBLE_PORT) and pebble-challtestsrv (DNS 127.0.0.1:$DNS_PORT)"
CERTS_DAEMON_LIFETIME=43200 start_ca

clog "2/5 the web app and the functions (test stack, project $STACK_PROJECT)"
FAKES_CONTROL_TOKEN="$(openssl rand -hex 24)"
export FAKES_CONTROL_TOKEN
stack_routes() { # the stack's own (plain HTTP) edge answers the site and every function
  local path
  for path in / /api/identity/openapi.json /api/work/openapi.json /api/contact/openapi.json /api/billing/openapi.json; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$STACK_EDGE_PORT$path")" = 200 ] || return 1
  done
}
if ! bash "$CERTS_ROOT/scripts/stack/up.sh" >"$CERTS_RUN/stack-up.log" 2>&1; then
  tail -n 12 "$CERTS_RUN/stack-up.log" >&2
  # Its health wait is 180 s; on a loaded machine the functions are often listening but their health
  # checks (podman healthcheck run, slow under load) lag behind. The routes decide.
  grep -q 'podman-compose up (tag' "$CERTS_RUN/stack-up.log" || cdie "the test stack did not start (log: $CERTS_RUN/stack-up.log)"
  clog "the stack's health wait ended; waiting up to ${EDGE_READY_TIMEOUT:-300} s for its routes"
  wait_until "${EDGE_READY_TIMEOUT:-300}" "the stack's routes" stack_routes ||
    cdie "the test stack's routes do not answer 200 (log: $CERTS_RUN/stack-up.log)"
fi
tag="$(sed -n 's/.*podman-compose up (tag \(.*\))$/\1/p' "$CERTS_RUN/stack-up.log" | tail -n 1)"
[ -n "$tag" ] || cdie "could not read the image tag from $CERTS_RUN/stack-up.log"

clog "3/5 the TLS edge ($EDGE_CONTAINER, localhost/coppertone/edge:$tag) with a placeholder certificate"
certs_tool bootstrap
start_edge "$EDGE_CONTAINER" "localhost/coppertone/edge:$tag" "$DOMAIN" --network "${STACK_PROJECT}_default"

clog "4/5 a certificate from pebble for $DOMAIN, www, gitea and matrix (HTTP-01 through the edge's webroot)"
CERTS_RELOAD_COMMAND="$(edge_reload_command "$EDGE_CONTAINER")" certs_tool renew

clog "5/5 check: https://$DOMAIN:$EDGE_HTTPS_PORT/ verifies against pebble's root"
code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 15 --cacert "$CERTS_RUN/pebble-root.pem" \
  --resolve "$DOMAIN:$EDGE_HTTPS_PORT:127.0.0.1" "https://$DOMAIN:$EDGE_HTTPS_PORT/")" || cdie "HTTPS to $DOMAIN:$EDGE_HTTPS_PORT failed"
[ "$code" = 200 ] || cdie "https://$DOMAIN:$EDGE_HTTPS_PORT/ answered $code"
date -u +%FT%TZ >"$CERTS_RUN/up"

cat <<EOF

  edge up in $(($(date +%s) - t0)) s
  site          https://$DOMAIN:$EDGE_HTTPS_PORT/
  root (pebble) $CERTS_RUN/pebble-root.pem
  try           curl --cacert $CERTS_RUN/pebble-root.pem https://$DOMAIN:$EDGE_HTTPS_PORT/
  scan          deploy/certs/testssl.sh $DOMAIN:$EDGE_HTTPS_PORT $CERTS_RUN/pebble-root.pem $CERTS_RUN/testssl
  down          npm run edge:down
EOF
