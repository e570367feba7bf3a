#!/usr/bin/env bash
# `npm run stack:up`: builds the images (base images included; both cached) unless STACK_BUILD=0,
# brings the test stack up (deploy/compose/test.yaml) and waits until every service is ready:
# each container's health check (polled: nothing runs them on a timer here), the one-shot seed,
# and the edge's routes.
# Prints the time from `up` (images built) to all healthy. `npm run stack:down` ends it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stack_need_tools
if [ "${STACK_BUILD:-1}" = 1 ]; then
  bash "$STACK_ROOT/scripts/stack/images.sh"
fi
export COPPERTONE_TAG="$STACK_TAG"
for name in "${STACK_FUNCTIONS[@]}" web edge fakes; do
  podman image exists "localhost/coppertone/$name:$STACK_TAG" ||
    die "image localhost/coppertone/$name:$STACK_TAG is missing: run npm run stack:images (or STACK_BUILD=1)"
done

mkdir -p "$STACK_ROOT/test-results/stack"
compose_log="$STACK_ROOT/test-results/stack/compose.log"
: >"$compose_log"
started=$(date +%s%N)

# podman-compose 1.0.3 is verbose: its output goes to the log, shown on failure.
run_compose() {
  if ! stack_compose "$@" >>"$compose_log" 2>&1; then
    tail -n 40 "$compose_log"
    die "podman-compose $* failed (full output: $compose_log)"
  fi
}

# PostgreSQL first, then everything else. podman-compose 1.0.3 ignores `condition:
# service_healthy` and starts containers in dependency order a second apart; a function that finds
# no database yet exits and waits out its restart policy's back-off (measured: the last function
# healthy ~40 s after the others). Waiting for PostgreSQL here avoids that; the restart policies
# still carry a function over a database restart, as on a real server after a reboot.
log "podman-compose up (tag $STACK_TAG)"
run_compose up -d postgres
wait_healthy 120 postgres
run_compose up -d
wait_healthy 180 fakes payments "${STACK_FUNCTIONS[@]}" web edge
wait_seed 120
wait_edge 60

ms=$((($(date +%s%N) - started) / 1000000))
awk -v ms="$ms" 'BEGIN { printf "stack healthy %.1f s after up (target < 60 s with images built)\n", ms / 1000 }'
printf '{"upToHealthyMs":%s}\n' "$ms" >"$STACK_ROOT/test-results/stack/up.json"
log "edge:    http://127.0.0.1:$STACK_EDGE_PORT"
log "mailbox: http://127.0.0.1:$STACK_MAILBOX_PORT/mailbox.json"
log "fakes:   Stripe http://127.0.0.1:$STACK_STRIPE_PORT, BTCPay http://127.0.0.1:$STACK_BTCPAY_PORT"
