# shellcheck shell=bash
# PostgreSQL of an environment, for deploy-server.sh (sourced by it; installed beside it as
# ROOT/bin/deploy-postgres.sh). PostgreSQL is long-lived: a release runs the postgres image of its
# commit (scripts/deploy pushes it with the digest of the last image of the same content), and a
# deploy restarts PostgreSQL only when that digest's image differs from the running one:
#   pg_dump (taken before, with the release) → fast shutdown of the old container (SIGINT; the
#   image's pgBackRest settings bound the archive's wait, stop_grace_period) → the new image on the
#   same volume → healthy → `pgbackrest stanza-create` + `check` when archiving is configured
#   (PGBACKREST_CONF) → on any failure, the previous image again on the same volume, and the
#   release stops (exit 3) while the previous release set keeps serving.
# The live release set stays up throughout: only requests that need the database while
# PostgreSQL restarts fail (its downtime is measured and said).

# The postgres image a running container was started from ("" when none runs).
pg_running_image() { podman inspect -f '{{.ImageName}}' "$(pg_container)" 2>/dev/null || true; }
pg_image_id() { podman image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
# The pgBackRest settings file the running container has mounted ("" when none: an older container).
pg_running_conf() {
  podman inspect -f '{{range .Mounts}}{{if eq .Destination "/etc/pgbackrest/pgbackrest.conf"}}{{.Source}}{{end}}{{end}}' \
    "$(pg_container)" 2>/dev/null || true
}

# The postgres image a release runs: its own digest; a release from before the image was part of
# a release (no digest) keeps the running one, else the settings' POSTGRES_IMAGE.
pg_release_image() {
  local digest
  digest="$(digest_of "$1" postgres)"
  if [ -n "$digest" ]; then
    image_ref postgres "$digest"
  elif [ -n "$(pg_running_image)" ]; then
    pg_running_image
  else
    printf '%s' "${POSTGRES_IMAGE:-}"
  fi
}

# Settings: PGBACKREST_CONF names pgBackRest's settings file (repository, cipher pass), a root file
# readable by the image's postgres group (999) and nobody else; without it, WAL archiving is off
# and the deploy says so. PGBACKREST_DIR (default STATE/pgbackrest, owned by 999) is mounted at
# /var/lib/pgbackrest: the local spool (spool-path) and, if wanted, a posix repository on a disk
# mounted there.
pg_settings() {
  export PGBACKREST_DIR="${PGBACKREST_DIR:-$STATE/pgbackrest}"
  mkdir -p "$PGBACKREST_DIR"
  chown 999:999 "$PGBACKREST_DIR"
  chmod 0750 "$PGBACKREST_DIR"
  if [ -n "${PGBACKREST_CONF:-}" ]; then
    [ -f "$PGBACKREST_CONF" ] || refuse "PGBACKREST_CONF=$PGBACKREST_CONF: no such file; nothing was changed"
    case "$(stat -c '%a %u %g' "$PGBACKREST_CONF")" in
    "640 0 999" | "600 999 999" | "440 0 999" | "400 999 999") ;;
    *) refuse "PGBACKREST_CONF=$PGBACKREST_CONF must be readable by the image's postgres (999) and nobody else (install -m 0640 -o root -g 999); it is $(stat -c '%a %U:%G' "$PGBACKREST_CONF"); nothing was changed" ;;
    esac
  else
    export PGBACKREST_CONF=/dev/null
  fi
}
pg_archiving() { [ "${PGBACKREST_CONF:-/dev/null}" != /dev/null ]; }

# Starts PostgreSQL on IMAGE (the container must not exist) and waits until it is healthy.
pg_start() {
  local image="$1"
  POSTGRES_IMAGE="$image" compose "$PROJECT" -f "$ROOT/compose/server.yaml" up -d postgres || return 1
  wait_healthy "${DEPLOY_PG_READY_TIMEOUT:-120}" "$(pg_container)"
}

# WAL archiving end to end (pgbackrest check: a WAL segment switched, archived and found in the
# repository); the stanza is made first when the repository has none (idempotent otherwise).
pg_archive_check() {
  local t="${DEPLOY_PG_CHECK_TIMEOUT:-180}" out
  pg_archiving || {
    say "WAL archiving is off (no PGBACKREST_CONF in the settings): no point-in-time recovery for $DEPLOY_ENV"
    return 0
  }
  out="$STATE/pgbackrest-check.log"
  if timeout "$t" podman exec -u postgres "$(pg_container)" pgbackrest --stanza=coppertone --log-level-console=warn \
    stanza-create >"$out" 2>&1 &&
    timeout "$t" podman exec -u postgres "$(pg_container)" pgbackrest --stanza=coppertone --log-level-console=warn \
      check >>"$out" 2>&1; then
    say "pgbackrest check: WAL archiving works (stanza coppertone)"
    return 0
  fi
  ARCHIVE_FAILURE="pgbackrest check failed: $(grep -E 'ERROR|WARN' "$out" | tail -n 2 | cut -c1-300 | paste -sd ' ' -)"
  return 1
}

# First start (no container): the release's image. Called by base_up.
pg_first_start() {
  local sha="$1" image
  image="$(pg_release_image "$sha")"
  [ -n "$image" ] || fail "no postgres image: the release has none and POSTGRES_IMAGE is not set"
  podman rm -f "$(pg_container)" >/dev/null 2>&1 || true
  step "PostgreSQL: starting $image (project $PROJECT)"
  pg_start "$image" || fail "PostgreSQL did not start or become healthy (see $STATE/compose.log)"
  say "PostgreSQL healthy ($(took))"
  ARCHIVE_FAILURE=""
  pg_archive_check || fail "$ARCHIVE_FAILURE (PostgreSQL runs; fix the repository or PGBACKREST_CONF and deploy again)"
}

# Applies the release's postgres image when it differs from the running one (by image, not tag),
# or when PGBACKREST_CONF names another file than the running container has (archiving switched on
# or off: PostgreSQL reads archive_mode at its start only).
# The new container is created first (the old one renamed aside), so PostgreSQL is down only from
# the old one's fast shutdown to the new one's readiness; the old container stays, stopped, until
# the new one passes, and a failure starts it again as it was. The stop is a fast shutdown (the
# image's stop signal, SIGINT: sessions end, a checkpoint, done); with WAL archiving on it waits
# for the archive at most about 5 × archive-timeout (pgbackrest.conf.example), well within
# DEPLOY_PG_STOP_SECONDS; past it, a kill, and PostgreSQL recovers from its WAL at the next start.
# Returns 1 with PG_FAILURE set after restoring the previous one; 0 when it runs the release's.
pg_upgrade() {
  local sha="$1" old new t0 down c parked
  PG_UPGRADED=""
  c="$(pg_container)"
  parked="$c-previous"
  old="$(pg_running_image)"
  new="$(pg_release_image "$sha")"
  local why="new image $new (was $old)"
  if [ "$(pg_image_id "$old")" = "$(pg_image_id "$new")" ]; then
    if [ "$(pg_running_conf)" = "$PGBACKREST_CONF" ]; then
      say "PostgreSQL: image unchanged (${new##*@}): not restarted"
      return 0
    fi
    why="pgBackRest settings now $PGBACKREST_CONF (were $(pg_running_conf))"
  fi
  step "PostgreSQL: $why: fast shutdown and restart on the same volume"
  podman rm -f "$parked" >/dev/null 2>&1 || true
  podman rename "$c" "$parked" || fail "cannot rename $c aside; nothing was changed"
  # (not -d: podman-compose 1.0.3 passes it on to `podman create`, which refuses it; and it may
  # exit 0 when the create failed, so the container's existence is the test)
  POSTGRES_IMAGE="$new" compose "$PROJECT" -f "$ROOT/compose/server.yaml" up --no-start postgres || true
  if ! podman container exists "$c"; then
    podman rm -f "$c" >/dev/null 2>&1 || true
    podman rename "$parked" "$c" || true
    fail "cannot create PostgreSQL on $new (see $STATE/compose.log); the old one still runs"
  fi
  PG_FAILURE=""
  ARCHIVE_FAILURE=""
  t0=$(date +%s%N)
  podman stop -t "${DEPLOY_PG_STOP_SECONDS:-120}" "$parked" >/dev/null 2>&1 || true
  say "PostgreSQL stopped (fast shutdown) in $(awk -v ns="$(($(date +%s%N) - t0))" 'BEGIN { printf "%.1f", ns / 1e9 }') s"
  # (podman's complaint that no systemd times the health check goes to the compose log; fd 9, the
  # deploy lock, closed: the container's conmon would inherit it and hold the lock for its life)
  if ! podman start "$c" >/dev/null 2>>"$STATE/compose.log" 9>&- || ! wait_healthy "${DEPLOY_PG_READY_TIMEOUT:-120}" "$c"; then
    PG_FAILURE="PostgreSQL on the new image did not become healthy in ${DEPLOY_PG_READY_TIMEOUT:-120} s"
  fi
  down="$(awk -v ns="$(($(date +%s%N) - t0))" 'BEGIN { printf "%.1f", ns / 1e9 }')"
  if [ -z "$PG_FAILURE" ]; then
    say "PostgreSQL healthy on the new image: it was down for $down s"
    if pg_archive_check; then
      podman rm -f "$parked" >/dev/null 2>&1 || true
      printf '%s\t%s\t%s\t%s\n' "$(ts)" "$sha" "$new" "$down" >>"$STATE/postgres-upgrades.tsv"
      # shellcheck disable=SC2034 # read by deploy-server.sh (a failed gate says it stays)
      PG_UPGRADED="$new"
      return 0
    fi
    PG_FAILURE="$ARCHIVE_FAILURE"
  fi
  say "POSTGRES UPGRADE FAILED: $PG_FAILURE; back to $old"
  mkdir -p "$STATE/releases/$sha/logs"
  podman logs --tail 200 "$c" >"$STATE/releases/$sha/logs/postgres.log" 2>&1 || true
  t0=$(date +%s%N)
  podman stop -t "${DEPLOY_PG_STOP_SECONDS:-120}" "$c" >/dev/null 2>&1 || true
  podman rm -f "$c" >/dev/null 2>&1 || true
  if ! podman rename "$parked" "$c" || ! podman start "$c" >/dev/null 2>>"$STATE/compose.log" 9>&- ||
    ! wait_healthy "${DEPLOY_PG_READY_TIMEOUT:-120}" "$c"; then
    fail "PostgreSQL does not start again on the previous image $old: the site is down (logs: $STATE/compose.log, $STATE/releases/$sha/logs/postgres.log)"
  fi
  say "PostgreSQL runs the previous image again ($(awk -v ns="$(($(date +%s%N) - t0))" 'BEGIN { printf "%.1f", ns / 1e9 }') s)"
  return 1
}

# `deploy-server postgres ENV sha256:…` (as root on the server): PostgreSQL alone, from the
# registry's postgres image of that digest, on the environment's volume and settings — the first
# step of a restore onto a new server (docs/restore.md), before any release starts the functions.
cmd_postgres() {
  local env="$1" digest="$2" ref
  load_env "$env"
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || refuse "not an image digest: '$digest' (sha256:…)"
  take_lock postgres "$digest"
  running "$(pg_container)" && refuse "PostgreSQL of $DEPLOY_ENV already runs ($(pg_running_image)); nothing was changed"
  ref="$(image_ref postgres "$digest")"
  if ! podman image exists "$ref"; then
    [ -s "$AUTH_FILE" ] || refuse "no registry credentials at $AUTH_FILE (docs/go-live.md: podman login --authfile)"
    timeout "${DEPLOY_PULL_TIMEOUT:-600}" podman pull -q --authfile "$AUTH_FILE" ${REGISTRY_CERT_DIR:+--cert-dir "$REGISTRY_CERT_DIR"} "$ref" >/dev/null ||
      refuse "cannot pull $ref; nothing was changed"
  fi
  local net
  for net in "$PROJECT-frontend" "$PROJECT-backend"; do
    podman network exists "$net" || podman network create "$net" >/dev/null
  done
  # server.yaml names the edge's image too; the edge is not started here
  export EDGE_IMAGE="$ref"
  podman rm -f "$(pg_container)" >/dev/null 2>&1 || true
  step "PostgreSQL alone: $ref"
  pg_start "$ref" || fail "PostgreSQL did not start or become healthy (see $STATE/compose.log)"
  say "PostgreSQL healthy ($(took)); 127.0.0.1:${POSTGRES_HOST_PORT:-5432}"
  pg_archive_check || fail "$ARCHIVE_FAILURE"
}
