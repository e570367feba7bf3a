# shellcheck shell=bash
# Settings shared by scripts/edge/{up,down,test}.sh: where the edge's state lives, its ports and
# those of the test stack behind it (not the stack test's own, so both can run). Sourced, never run.
export CERTS_RUN="${EDGE_RUN:-/tmp/coppertone-edge}"
export DOMAIN="${EDGE_DOMAIN:-coppertone.localhost}"
export EDGE_HTTPS_PORT="${EDGE_PORT:-18443}" EDGE_HTTP_PORT=20190
export PEBBLE_PORT=20124 PEBBLE_MGMT_PORT=20125 DNS_PORT=20163 DNS_MGMT_PORT=20165
export STACK_PROJECT=coppertone-edge STACK_EDGE_PORT=20188 STACK_MAILBOX_PORT=20126 STACK_STRIPE_PORT=20181 STACK_BTCPAY_PORT=20182
export EDGE_CONTAINER=coppertone-edge-tls
export NODE_EXPORTER_TEXTFILE_DIR=""
# shellcheck source=deploy/certs/pebble.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/deploy/certs/pebble.sh"
