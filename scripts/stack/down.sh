#!/usr/bin/env bash
# Tears the test stack down: containers, its volume (the throwaway database) and its network.
# Safe to run when nothing is up. STACK_PRUNE=1 also removes every localhost/coppertone image;
# STACK_PRUNE=all also the base-image stand-ins scripts/stack/base-images.sh made (never an image
# pulled from a registry) and the dangling build layers: the next run starts as on a fresh machine.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

command -v podman >/dev/null 2>&1 || exit 0
export COPPERTONE_TAG="${COPPERTONE_TAG:-$STACK_TAG}"
mkdir -p "$STACK_ROOT/test-results/stack"
# The project's containers, all at once (podman-compose 1.0.3's `down` stops them one by one with a
# pause after each), then its volume and network.
containers="$(stack_containers)"
if [ -n "$containers" ]; then
  # shellcheck disable=SC2086
  podman stop -t 5 $containers >/dev/null 2>&1
  # shellcheck disable=SC2086
  podman rm -f $containers >/dev/null 2>&1 || true
fi
for volume in $(podman volume ls -q --filter "label=io.podman.compose.project=$STACK_PROJECT"); do
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
done
podman network exists "${STACK_PROJECT}_default" 2>/dev/null && podman network rm -f "${STACK_PROJECT}_default" >/dev/null 2>&1
case "${STACK_PRUNE:-0}" in
0) ;;
1 | all)
  podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/coppertone/' | xargs -r podman rmi -f >/dev/null 2>&1
  if [ "$STACK_PRUNE" = all ]; then
    for base in "$POSTGRES_IMAGE" "$NODE_RUNTIME_IMAGE" "$NODE_IMAGE" "$DEBIAN_IMAGE"; do
      description="$(podman image inspect --format '{{index .Labels "org.opencontainers.image.description"}}' "$base" 2>/dev/null || true)"
      case "$description" in
      *stand-in*) podman rmi -f "$base" >/dev/null 2>&1 && log "removed the stand-in $base" ;;
      "") ;;
      *) log "kept $base (not a stand-in made here)" ;;
      esac
    done
    podman image prune -f >/dev/null 2>&1
  fi
  ;;
*) die "STACK_PRUNE=$STACK_PRUNE: expected 1 (platform images) or all (also base stand-ins and build layers)" ;;
esac
log "test stack down"
