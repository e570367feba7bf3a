#!/usr/bin/env bash
# `npm run edge:down`: tears down what `npm run edge:up` started — the TLS edge container, the test
# stack of project coppertone-edge (containers, volume, network), pebble and pebble-challtestsrv (by
# their PID files) — and removes its state directory (pebble's root with it). Safe when nothing is up.
set -euo pipefail
[ "${1:-}" != --help ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0; }
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/edge/env.sh
. "$here/env.sh"

clog "removing the TLS edge ($EDGE_CONTAINER)"
timeout 60 podman rm -f -t 5 "$EDGE_CONTAINER" >/dev/null 2>&1 || true
clog "tearing down the test stack ($STACK_PROJECT)"
timeout 180 bash "$CERTS_ROOT/scripts/stack/down.sh" >/dev/null 2>&1 || clog "warning: scripts/stack/down.sh failed for $STACK_PROJECT"
if [ -d "$CERTS_RUN" ]; then
  clog "stopping pebble and pebble-challtestsrv"
  stop_ca
  rm -rf "$CERTS_RUN"
fi
left="$(ss -Hltn | awk '{print $4}' | grep -E ":($EDGE_HTTPS_PORT|$EDGE_HTTP_PORT|$PEBBLE_PORT|$PEBBLE_MGMT_PORT|$DNS_PORT|$DNS_MGMT_PORT|$STACK_EDGE_PORT|$STACK_MAILBOX_PORT|$STACK_STRIPE_PORT|$STACK_BTCPAY_PORT)\$" || true)"
[ -z "$left" ] || cdie "still listening after edge:down: $left"
clog "edge down: nothing listens on its ports"
