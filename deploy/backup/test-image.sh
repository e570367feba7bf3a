#!/usr/bin/env bash
# The rehearsals with the built production postgres image (localhost/coppertone/postgres:TAG, made by
# scripts/stack/build.sh — run after the stack test, which builds it): point-in-time recovery by the
# runbooks' commands (test/image-pitr.ts) and the data steps of a lost server (test/server-lost.ts).
# Needs root, Podman (CONTAINERS_CONF=deploy/containers.conf is used when unset), pgbackrest, restic.
# Usage: deploy/backup/test-image.sh [IMAGE]   (`npm run backup:image`); last line `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/deploy/containers.conf}"
node=node
[ -x node_modules/.bin/node ] && node=node_modules/.bin/node
image="${1:-localhost/coppertone/postgres:${STACK_TAG:-$(git rev-parse HEAD | cut -c1-12)}}"
started=$(date +%s)
passed=0
failed=0
# A bridge left by Podman's CNI backend (a `podman run` without the project's containers.conf on a
# machine where CNI is installed) holds the default network's subnet too: its route wins, and the
# published port of the containers below answers "No route to host" (seen). Say so, not a timeout.
if ip -o route show 10.88.0.0/16 2>/dev/null | grep -q 'dev cni-podman0'; then
  echo "not ok - a CNI bridge (cni-podman0) holds 10.88.0.0/16, netavark's default network: published ports would not answer; remove it (ip link delete cni-podman0) and run again"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! timeout 60 podman image exists "$image"; then
  echo "not ok - $image is missing: build it first (scripts/stack/build.sh, or npm run stack:test)"
  echo "0 passed, 1 failed"
  exit 1
fi
for script in image-pitr server-lost; do
  t0=$(date +%s)
  echo "# $script ($image)"
  if timeout 900 "$node" "deploy/backup/test/$script.ts" "$image"; then
    echo "ok - $script ($(($(date +%s) - t0)) s)"
    passed=$((passed + 1))
  else
    echo "not ok - $script (exit $?, $(($(date +%s) - t0)) s)"
    failed=$((failed + 1))
  fi
done
echo "backup image rehearsals: $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
