# Shared by the deploy rehearsal (rehearse.sh) and its tear-down (rehearse-down.sh): where it
# keeps its files, its loopback ports, and how it stops what it started. Sourced, never run.
# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source this

REHEARSE_DIR="${REHEARSE_DIR:-/tmp/coppertone-rehearsal}"
REHEARSE_ENV=production                      # the environment name on the stand-in server
REHEARSE_ENV2=staging                        # the second one on the same server (own ports)
REHEARSE_STAGING_PORT=18481
REHEARSE_REGISTRY_PORT="${REHEARSE_REGISTRY_PORT:-18450}"
REHEARSE_SSH_PORT="${REHEARSE_SSH_PORT:-18422}"
REHEARSE_EDGE_PORT=18480                     # the site: http://127.0.0.1:18480/
REHEARSE_EDGE_TLS_PORT="${REHEARSE_EDGE_TLS_PORT:-18483}"
REHEARSE_PREVIEW_PORT="${REHEARSE_PREVIEW_PORT:-18499}"
REHEARSE_PG_PORT="${REHEARSE_PG_PORT:-18432}"
REHEARSE_USER=deploy
REHEARSE_SUDOERS=coppertone-rehearsal
REHEARSE_SERVER="$REHEARSE_DIR/server"       # the server's ROOT (/opt/coppertone on a real one)

# Stops a daemon the rehearsal started, by the PID in its file (a `timeout` wrapping it: the
# signal reaches the daemon), and waits for it to go.
stop_pid() {
  local file="$1" pid i
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

# Everything the rehearsal made, in reverse: load, containers, networks, volume, images, sshd, the
# registry, the deploy user and its sudo rule, the files. Safe to run when nothing is there.
rehearsal_down() {
  local project names env
  stop_pid "$REHEARSE_DIR/load.pid"
  if command -v podman >/dev/null 2>&1; then
    for env in "$REHEARSE_ENV" "$REHEARSE_ENV2"; do
      project="coppertone-$env"
      names="$(podman ps -a --format '{{.Names}}' | grep -E "^$project(_|-)" || true)"
      if [ -n "$names" ]; then
        # shellcheck disable=SC2086
        podman rm -f -t 5 $names >/dev/null 2>&1 || true
      fi
      # (and the admin check's monitoring project, coppertone-<env>-monitoring: rehearsal-admin.sh)
      for volume in $(podman volume ls -q | grep -E "^${project}(-monitoring)?_" || true); do
        podman volume rm -f "$volume" >/dev/null 2>&1 || true
      done
      for net in "$project-frontend" "$project-backend" "$project-admin" "$project-monitoring_monitoring"; do
        if podman network exists "$net" 2>/dev/null; then podman network rm -f "$net" >/dev/null 2>&1; fi
      done
    done
    # The fake commits' tags (recorded when made), then whatever came from the rehearsal's registry.
    # One podman rmi for all of them: 49 calls, one after another, took about a minute.
    local tags=(localhost/coppertone-rehearsal/prometheus:2.42)
    if [ -f "$REHEARSE_DIR/fake-shas" ]; then
      for sha in $(<"$REHEARSE_DIR/fake-shas"); do
        for name in web identity work contact billing worker edge postgres; do
          tags+=("localhost/coppertone/$name:$sha")
        done
      done
    fi
    podman rmi -i "${tags[@]}" >/dev/null 2>&1 || true
    podman images --format '{{.ID}} {{.Repository}}' | awk -v r="127.0.0.1:$REHEARSE_REGISTRY_PORT/" 'index($2, r) == 1 { print $1 }' |
      xargs -r podman rmi -f >/dev/null 2>&1 || true
  fi
  stop_pid "$REHEARSE_DIR/sshd.pid"
  stop_pid "$REHEARSE_DIR/registry.pid"
  if id "$REHEARSE_USER" >/dev/null 2>&1 && [ -f "$REHEARSE_DIR/user-made-here" ]; then
    userdel -r "$REHEARSE_USER" >/dev/null 2>&1 || true
  fi
  rm -f "/etc/sudoers.d/$REHEARSE_SUDOERS"
  rm -rf "$REHEARSE_DIR"
}
