# Shared by the scripts in scripts/stack/: where things are, the Podman settings, the image tag,
# phase timing, and the one-time install of the container tools. Sourced, never run.
# shellcheck shell=bash

STACK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export STACK_ROOT

# Podman on these machines needs runc and no default ulimits (deploy/containers.conf says why);
# name the file instead of editing /etc.
export CONTAINERS_CONF="${CONTAINERS_CONF:-$STACK_ROOT/deploy/containers.conf}"

# Pinned versions of the base images (and of the stand-ins made for them offline).
# shellcheck source=versions.sh
. "$STACK_ROOT/scripts/stack/versions.sh"

# The test stack's compose project, file and published ports (loopback only).
export STACK_PROJECT="${STACK_PROJECT:-coppertone-test}"
export STACK_COMPOSE_FILE="$STACK_ROOT/deploy/compose/test.yaml"
export STACK_EDGE_PORT="${STACK_EDGE_PORT:-18080}"
export STACK_MAILBOX_PORT="${STACK_MAILBOX_PORT:-18025}"
export STACK_STRIPE_PORT="${STACK_STRIPE_PORT:-18181}"
export STACK_BTCPAY_PORT="${STACK_BTCPAY_PORT:-18282}"

# Every image is tagged with the commit it was built from; a build from uncommitted files gets a
# `-dirty` suffix so it can never pass for the commit.
stack_revision() {
  local sha
  sha="$(git -C "$STACK_ROOT" rev-parse HEAD)"
  if [ "${STACK_SOURCE:-commit}" = "worktree" ] && [ -n "$(git -C "$STACK_ROOT" status --porcelain)" ]; then
    sha="$sha-dirty"
  fi
  echo "$sha"
}
stack_tag() {
  local rev="$1" short
  short="${rev:0:12}"
  case "$rev" in *-dirty) short="$short-dirty" ;; esac
  echo "$short"
}
# Fixed once per run and inherited by the scripts it calls: others may commit meanwhile, and the
# images, their labels and the stack must all name the same commit.
export STACK_REVISION="${STACK_REVISION:-$(stack_revision)}"
export STACK_TAG="${STACK_TAG:-$(stack_tag "$STACK_REVISION")}"

# A build's RUN steps get a network namespace of their own, which adds a bridge and a veth pair on
# the host while they run. STACK_BUILD_NETWORK=host runs them in the host's namespace instead: CI
# builds the images beside the browser journeys of `npm test`, and Chromium aborts its requests when
# a network device appears (ERR_NETWORK_CHANGED).
STACK_BUILD_ARGS=()
if [ -n "${STACK_BUILD_NETWORK:-}" ]; then STACK_BUILD_ARGS=(--network "$STACK_BUILD_NETWORK"); fi

# The functions; each image is built from deploy/images/function.Containerfile with SERVICE=<name>.
STACK_FUNCTIONS=(identity work contact billing worker)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Phase timing: `phase_begin NAME` … `phase_end`; `phase_report` prints the table.
declare -a STACK_PHASES=()
STACK_PHASE_NAME=""
STACK_PHASE_START=0
phase_begin() {
  STACK_PHASE_NAME="$1"
  STACK_PHASE_START=$(date +%s%N)
  printf '\n━━ %s ━━\n' "$1"
}
phase_end() {
  local status="${1:-ok}" ms
  ms=$((($(date +%s%N) - STACK_PHASE_START) / 1000000))
  STACK_PHASES+=("$(awk -v n="$STACK_PHASE_NAME" -v ms="$ms" -v s="$status" 'BEGIN { printf "%-40s %7.1f s  %s", n, ms / 1000, s }')")
  STACK_PHASE_NAME=""
}
phase_report() {
  printf '\nPhase times:\n'
  printf '  %s\n' "${STACK_PHASES[@]}"
}

# Installs the container tools from Debian when missing (podman, podman-compose, buildah, runc,
# debootstrap, and what rootful netavark networking needs). Skips what is present.
stack_need_tools() {
  local need=() cmd pkg
  for pair in podman:podman podman-compose:podman-compose buildah:buildah runc:runc debootstrap:debootstrap \
    curl:curl openssl:openssl iptables:iptables aardvark-dns:aardvark-dns; do
    cmd="${pair%%:*}"
    pkg="${pair##*:}"
    if [ "$cmd" = aardvark-dns ]; then
      [ -x /usr/lib/podman/aardvark-dns ] || need+=("$pkg")
    else
      command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
    fi
  done
  [ -x /usr/lib/podman/netavark ] || need+=(netavark)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing Debian packages: ${need[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # Wait (bounded) for an apt/dpkg run of someone else (unattended upgrades on a server) instead of
    # failing at once on its lock.
    $sudo apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT:-600}" update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT:-600}" \
      install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

# podman-compose for the test stack, with its project name.
stack_compose() {
  podman-compose -p "$STACK_PROJECT" -f "$STACK_COMPOSE_FILE" "$@"
}

# Names of the running containers of the test stack.
stack_containers() {
  podman ps -a --filter "label=io.podman.compose.project=$STACK_PROJECT" --format '{{.Names}}'
}

# The container of a service of the test stack (podman-compose 1.0.3 names them project_service_1).
stack_container() { echo "${STACK_PROJECT}_$1_1"; }

# Waits until each named service's container runs and its health check passes (`podman
# healthcheck run`: nothing runs health checks on a timer here), at most TIMEOUT seconds.
wait_healthy() {
  local timeout="$1" deadline pending=() next=() svc name
  shift
  pending=("$@")
  deadline=$(($(date +%s) + timeout))
  while [ ${#pending[@]} -gt 0 ]; do
    next=()
    for svc in "${pending[@]}"; do
      name="$(stack_container "$svc")"
      if [ "$(podman inspect -f '{{.State.Status}}' "$name" 2>/dev/null)" = running ] &&
        podman healthcheck run "$name" >/dev/null 2>&1; then
        log "healthy: $svc"
      else
        next+=("$svc")
      fi
    done
    pending=("${next[@]+"${next[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for svc in "${pending[@]}"; do
        name="$(stack_container "$svc")"
        printf '\n--- %s: not healthy after %s s (%s); last log lines:\n' "$svc" "$timeout" \
          "$(podman inspect -f '{{.State.Status}} exit={{.State.ExitCode}} restarts={{.RestartCount}}' "$name" 2>&1)"
        podman logs --tail 25 "$name" 2>&1 | sed 's/^/    /'
      done
      die "not healthy in time: ${pending[*]}"
    fi
    sleep 0.5
  done
}

# Waits for the one-shot seed to finish with exit code 0 (it retries on failure by its restart
# policy while PostgreSQL is still starting).
wait_seed() {
  local timeout="$1" deadline name state
  name="$(stack_container seed)"
  deadline=$(($(date +%s) + timeout))
  while :; do
    state="$(podman inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$name" 2>/dev/null || echo missing)"
    case "$state" in
    "exited 0")
      log "seed: demo accounts in place"
      return 0
      ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
      podman logs --tail 25 "$name" 2>&1 | sed 's/^/    /'
      die "the seed did not finish in $timeout s ($state)"
    fi
    sleep 0.5
  done
}

# Waits until the edge answers for the site and every function (the path a browser takes).
wait_edge() {
  local timeout="$1" deadline base="http://127.0.0.1:$STACK_EDGE_PORT" path code
  deadline=$(($(date +%s) + timeout))
  for path in /healthz / /api/identity/openapi.json /api/work/openapi.json /api/contact/openapi.json \
    /api/billing/openapi.json; do
    while :; do
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base$path" || true)"
      [ "$code" = 200 ] && break
      [ "$(date +%s)" -lt "$deadline" ] || die "the edge answers $code for $path"
      sleep 0.5
    done
  done
  log "edge routes: / and /api/{identity,work,contact,billing} answer 200"
}
