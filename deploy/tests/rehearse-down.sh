#!/usr/bin/env bash
# `npm run deploy:rehearse:down`: removes everything the deploy rehearsal made (after KEEP=1, or an
# interrupted run): its containers, networks, volume and images, sshd and the registry (stopped by
# their PIDs), the deploy user and its sudo rule, /tmp/coppertone-rehearsal. Safe when nothing is up.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/../containers.conf}"
# shellcheck source=rehearsal-lib.sh
. "$here/rehearsal-lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
rehearsal_down
echo "deploy rehearsal: torn down"
