#!/usr/bin/env bash
# The server half of scripts/deploy: installed by deploy/server/install.sh as ROOT/bin/deploy-server
# (root-owned), run as root through one sudo rule by the `deploy` user, whose SSH key can run
# nothing else (forced command `sudo -n ROOT/bin/deploy-server --ssh`, request on stdin).
#
#   deploy   ENV SHA ACTOR name=sha256:… (web identity work contact billing worker edge postgres)
#   rollback ENV [SHA] ACTOR        to SHA, or to the release before the live one
#   releases ENV                    the release history and what a rollback can go to
#   check    ENV                    settings, lock, disk, without changing anything
#   postgres ENV sha256:…           PostgreSQL alone from that postgres image (a restore, as root)
#
# A deploy: lock → settings → disk → pull by digest → pg_dump (kept with the release) → PostgreSQL
# restarted on the release's postgres image only when that image changed (deploy-postgres.sh) → the new
# set starts beside the live one (migrations run at its start) → gate: readiness of every
# container, then a smoke test through a preview nginx (same edge image) → switch the edge's
# upstreams (rewrite + `nginx -s reload`: in-flight requests finish on the old workers) → a watch
# window on the edge's 5xx ratio → drain and stop the old set → history, metric, prune.
# A failed gate or a bad watch window rolls back by itself (exit 3), keeping the failed set's logs.
# Layout under ROOT: etc/<env>.env (settings and secrets, root 0600), etc/registry-auth.json
# (pull credentials), compose/{server,release}.yaml, var/<env>/ (state), var/metrics/*.prom.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=deploy-postgres.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/deploy-postgres.sh"
# shellcheck source-path=SCRIPTDIR source=deploy-edge.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/deploy-edge.sh"

ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/etc/containers.conf}"
[ -f "$CONTAINERS_CONF" ] || unset CONTAINERS_CONF
IMAGES=(web identity work contact billing worker edge postgres)
SET_SERVICES=(web identity work contact billing worker)
REQUIRED=(IMAGE_REPO DOMAIN PUBLIC_URL POSTGRES_PASSWORD SMTP_URL CONTACT_NOTIFY_EMAIL TLS_CERT_DIR
  STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET BTCPAY_URL BTCPAY_API_KEY BTCPAY_STORE_ID BTCPAY_WEBHOOK_SECRET)
EXIT_REFUSED=2    # stopped before changing anything
EXIT_ROLLED_BACK=3 # the new release failed and the previous one serves again

RELEASE_LOG=""
ts() { date -u +%Y-%m-%dT%H:%M:%SZ; }
say() {
  local line
  line="$(date -u +%H:%M:%S) [$DEPLOY_ENV] $*"
  printf '%s\n' "$line"
  if [ -n "$RELEASE_LOG" ]; then printf '%s\n' "$line" >>"$RELEASE_LOG"; fi
}
refuse() {
  printf 'refused: %s\n' "$*" >&2
  if [ -n "$RELEASE_LOG" ]; then printf 'refused: %s\n' "$*" >>"$RELEASE_LOG"; fi
  exit "$EXIT_REFUSED"
}
fail() {
  printf 'error: %s\n' "$*" >&2
  if [ -n "$RELEASE_LOG" ]; then printf 'error: %s\n' "$*" >>"$RELEASE_LOG"; fi
  exit 1
}
step_started=0
step() {
  step_started=$(date +%s%N)
  say "── $*"
}
took() { awk -v ns="$(($(date +%s%N) - step_started))" 'BEGIN { printf "%.1f s", ns / 1e9 }'; }

DEPLOY_ENV="-"
upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }

# ── settings ────────────────────────────────────────────────────────────────────────────────
load_env() {
  DEPLOY_ENV="$1"
  [[ "$DEPLOY_ENV" =~ ^[a-z][a-z0-9-]{0,19}$ ]] || refuse "unknown environment '$1'"
  local file="$ROOT/etc/$DEPLOY_ENV.env"
  if [ ! -f "$file" ]; then
    local known
    known="$(find "$ROOT/etc" -maxdepth 1 -name '*.env' -printf '%f\n' 2>/dev/null | sed 's/\.env$//' | sort | paste -sd ' ' - || true)"
    refuse "unknown environment '$DEPLOY_ENV' (this server has: ${known:-none})"
  fi
  # KEY=value lines as compose's .env (no quotes, nothing evaluated); comments and blanks skipped.
  local line n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    case "$line" in '' | '#'*) continue ;; esac
    [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]] || refuse "$file line $n is not KEY=value"
    export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
  done <"$file"
  local missing=() name
  for name in "${REQUIRED[@]}"; do
    [ -n "${!name:-}" ] || missing+=("$name")
  done
  [ ${#missing[@]} -eq 0 ] || refuse "missing settings in $file: ${missing[*]} (see docs/go-live.md)"
  STATE="$ROOT/var/$DEPLOY_ENV"
  mkdir -p "$STATE/releases" "$STATE/edge/active" "$STATE/edge/candidate" "$ROOT/var/metrics"
  chmod 700 "$STATE"
  export DEPLOY_ENV DEPLOY_STATE="$STATE"
  PROJECT="coppertone-$DEPLOY_ENV"
  AUTH_FILE="${REGISTRY_AUTH_FILE:-$ROOT/etc/registry-auth.json}"
  EDGE_SITE="${EDGE_SITE:-prod}"
  # The admin site's password directory (deploy/server/provision-admin-auth writes htpasswd into
  # it); always mounted by server.yaml, so it exists even while EDGE_SITES leaves `admin` out.
  EDGE_ADMIN_AUTH_DIR="${EDGE_ADMIN_AUTH_DIR:-$STATE/edge/admin-auth}"
  mkdir -p "$EDGE_ADMIN_AUTH_DIR"
  export EDGE_SITE EDGE_ADMIN_AUTH_DIR
  pg_settings
  HISTORY="$STATE/history.tsv"
  [ -f "$HISTORY" ] || printf 'time\tsha\toutcome\tactor\tseconds\tset\tdigests\n' >"$HISTORY"
}

# podman-compose, its output appended to STATE/compose.log with every `-e NAME=value` it prints
# masked: those are the settings, secrets included, and a log is no place for them.
compose() {
  local project="$1"
  shift
  podman-compose -p "$project" "$@" 2>&1 | sed -E 's/(-e [A-Za-z_][A-Za-z0-9_]*=)[^ ]*/\1<hidden>/g' >>"$STATE/compose.log"
  return "${PIPESTATUS[0]}"
}

# ── lock, disk ──────────────────────────────────────────────────────────────────────────────
take_lock() {
  exec 9>>"$STATE/lock"
  if ! flock -n 9; then
    refuse "another deploy of $DEPLOY_ENV is running ($(cat "$STATE/lock.holder" 2>/dev/null || echo 'unknown')); nothing was changed"
  fi
  printf '%s %s since %s (pid %s)\n' "$1" "${2:-}" "$(ts)" "$$" >"$STATE/lock.holder"
}

check_disk() {
  local graphroot avail need="${DEPLOY_MIN_FREE_MB:-4096}"
  graphroot="$(podman info --format '{{.Store.GraphRoot}}')"
  avail="$(df -Pm "$graphroot" | awk 'NR == 2 { print $4 }')"
  [ "$avail" -ge "$need" ] ||
    refuse "not enough free disk for a release: $avail MB free on $graphroot, DEPLOY_MIN_FREE_MB=$need; nothing was changed (prune old releases or grow the disk)"
  say "disk: $avail MB free on $graphroot (need $need MB)"
}

# ── releases ────────────────────────────────────────────────────────────────────────────────
active_sha() { awk '{ print $1 }' "$STATE/active" 2>/dev/null || true; }
active_set() { awk '{ print $2 }' "$STATE/active" 2>/dev/null || true; }
# Successful releases, newest first, once each.
good_releases() {
  awk -F'\t' 'NR > 1 && ($3 == "live" || $3 == "rolled-back-to") { print $2 }' "$HISTORY" | tac | awk '!seen[$0]++'
}
image_ref() { printf '%s/%s@%s' "$IMAGE_REPO" "$1" "$2"; }
digest_of() { awk -v n="$2" '$1 == n { print $2 }' "$STATE/releases/$1/images"; }

record() {
  local sha="$1" outcome="$2" actor="$3" seconds="$4" set="$5" digests=""
  [ -f "$STATE/releases/$sha/images" ] && digests="$(awk '{ printf "%s%s=%s", (NR > 1 ? "," : ""), $1, $2 }' "$STATE/releases/$sha/images")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(ts)" "$sha" "$outcome" "$actor" "$seconds" "$set" "$digests" >>"$HISTORY"
  echo "$outcome" >"$STATE/releases/$sha/outcome"
}

# An alert-able metric (node-exporter's textfile collector reads ROOT/var/metrics).
metric() {
  local sha="$1" outcome="$2" file="$ROOT/var/metrics/coppertone_deploy_$DEPLOY_ENV.prom" rollbacks ok=1
  rollbacks="$(awk -F'\t' 'NR > 1 && $3 == "failed-rolled-back" { n++ } END { print n + 0 }' "$HISTORY")"
  case "$outcome" in live | rolled-back-to) ;; *) ok=0 ;; esac
  {
    echo '# HELP coppertone_deploy_last_success 1 when the last deploy of the environment went live, 0 when it failed or rolled back.'
    echo '# TYPE coppertone_deploy_last_success gauge'
    echo "coppertone_deploy_last_success{env=\"$DEPLOY_ENV\",sha=\"$sha\",outcome=\"$outcome\"} $ok"
    echo '# HELP coppertone_deploy_automatic_rollbacks_total Deploys that failed and were rolled back by themselves.'
    echo '# TYPE coppertone_deploy_automatic_rollbacks_total counter'
    echo "coppertone_deploy_automatic_rollbacks_total{env=\"$DEPLOY_ENV\"} $rollbacks"
    echo '# TYPE coppertone_deploy_last_timestamp_seconds gauge'
    echo "coppertone_deploy_last_timestamp_seconds{env=\"$DEPLOY_ENV\"} $(date +%s)"
    # Which colour the edge routes to: Prometheus scrapes both colours' functions by name
    # (prometheus-release-sets.yml, label `colour`); joined on colour, this picks the live ones.
    if [ -n "$(active_set)" ]; then
      echo '# HELP coppertone_deploy_live The release set the edge routes to (1), by colour and commit.'
      echo '# TYPE coppertone_deploy_live gauge'
      echo "coppertone_deploy_live{env=\"$DEPLOY_ENV\",colour=\"$(active_set)\",sha=\"$(active_sha)\"} 1"
    fi
  } >"$file.tmp"
  mv "$file.tmp" "$file"
}

# ── images ──────────────────────────────────────────────────────────────────────────────────
pull_release() {
  local sha="$1" name digest ref jobs=() job
  [ -s "$AUTH_FILE" ] || refuse "no registry credentials at $AUTH_FILE (docs/go-live.md: podman login --authfile)"
  # The images at once: each pull mostly waits on the registry (its manifest, its configuration,
  # the layers this server lacks), one after another they took 18-22 s for eight on two cores.
  while read -r name digest; do
    ref="$(image_ref "$name" "$digest")"
    (
      # A digest names the content: present here means nothing to fetch (a rollback, a redeploy).
      podman image exists "$ref" ||
        timeout "${DEPLOY_PULL_TIMEOUT:-600}" podman pull -q --authfile "$AUTH_FILE" ${REGISTRY_CERT_DIR:+--cert-dir "$REGISTRY_CERT_DIR"} "$ref" >/dev/null 2>"$STATE/pull-$name.err" &&
        podman tag "$ref" "$IMAGE_REPO/$name:$sha"
    ) &
    jobs+=("$! $name $ref")
  done <"$STATE/releases/$sha/images"
  for job in "${jobs[@]}"; do
    read -r job name ref <<<"$job"
    wait "$job" && continue
    wait # the others, so that none is left behind the refusal
    refuse "cannot pull $ref: $(tail -n 1 "$STATE/pull-$name.err" 2>/dev/null); nothing was changed"
  done
  rm -f "$STATE"/pull-*.err
}

# The migrations a release's code knows, with the compatibility each declares: a migration that
# old code can run on exports `compatibility = 'expand'`; anything else counts as `contract`. Also
# whether the release's migrator starts on a database holding `expand` migrations it does not know
# (packages/db records each declaration in `migration_compat`; releases before that refuse any).
release_migrations() {
  local sha="$1" out ref mnt f kind
  out="$STATE/releases/$sha/migrations"
  [ -s "$out" ] && [ -s "$out.migrator" ] && return 0
  ref="$(image_ref identity "$(digest_of "$sha" identity)")"
  podman image exists "$ref" || pull_release "$sha" # pruned here: a rollback pulls it anyway
  mnt="$(podman image mount "$ref")"
  : >"$out.tmp"
  for f in "$mnt"/app/packages/db/src/migrations/*.ts; do
    case "$(basename "$f")" in index.ts | *.test.ts) continue ;; esac
    kind="contract"
    if grep -Eq "export const compatibility = ['\"]expand['\"]" "$f"; then kind="expand"; fi
    printf '%s %s\n' "$(basename "$f" .ts)" "$kind" >>"$out.tmp"
  done
  if grep -q migration_compat "$mnt/app/packages/db/src/migrate.ts" 2>/dev/null; then
    echo tolerates-expand >"$out.migrator"
  else
    echo strict >"$out.migrator"
  fi
  podman image unmount "$ref" >/dev/null
  mv "$out.tmp" "$out"
}

# The applied migrations a release's code does not know and cannot run over, as "name (kind)", one
# a line. Applied ones ("name kind" lines, applied_migrations) on stdin; $1 the release's known
# list (release_migrations); $2 `tolerates-expand` when its migrator starts over unknown `expand`
# ones, which are then no obstacle: the same rule as packages/db's migrator, which has the last word.
rollback_blockers() {
  awk -v tolerant="$([ "$2" = tolerates-expand ] && echo 1 || echo 0)" '
    NR == FNR { known[$1] = 1; next }
    $1 != "" && !($1 in known) && !(tolerant && $2 == "expand") { print $1 " (" $2 ")" }' "$1" -
}

# ── the base (PostgreSQL, edge) ─────────────────────────────────────────────────────────────
pg_container() { echo "${PROJECT}_postgres_1"; }
edge_container() { echo "${PROJECT}_edge_1"; }
running() { [ "$(podman inspect -f '{{.State.Status}}' "$1" 2>/dev/null)" = running ]; }

wait_healthy() {
  local timeout="$1" deadline name pending next
  shift
  pending=("$@")
  deadline=$(($(date +%s) + timeout))
  while [ ${#pending[@]} -gt 0 ]; do
    next=()
    for name in "${pending[@]}"; do
      if running "$name" && podman healthcheck run "$name" >/dev/null 2>&1; then :; else next+=("$name"); fi
    done
    pending=("${next[@]+"${next[@]}"}")
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      NOT_READY="${pending[*]}"
      return 1
    fi
    sleep 1
  done
}

base_up() {
  local sha="$1"
  export EDGE_IMAGE
  EDGE_IMAGE="$(image_ref edge "$(digest_of "$sha" edge)")"
  local net
  for net in "$PROJECT-frontend" "$PROJECT-backend" "$PROJECT-admin"; do
    podman network exists "$net" || podman network create "$net" >/dev/null
  done
  running "$(pg_container)" || pg_first_start "$sha"
  # server.yaml names it: the edge's `up` below must not see another one
  export POSTGRES_IMAGE
  POSTGRES_IMAGE="$(pg_running_image)"
}

# netavark before 1.9 (Debian 12 ships 1.4) leaves a bridge's MAC address to the kernel, which
# gives it the lowest of its ports' addresses: a release set starting or stopping can change it, and
# the containers' ARP entries for the gateway then point nowhere for seconds, so the edge's answers
# to the published ports stall (seen in the rehearsal: 3-10 s, then 429s from the connection limit
# as requests piled up; containers/netavark#833 fixed it by pinning). The address each bridge has
# now is pinned here, before a set starts and after a switch.
pin_bridge_macs() {
  local net dev
  for net in "$PROJECT-frontend" "$PROJECT-backend" "$PROJECT-admin"; do
    dev="$(podman network inspect --format '{{.NetworkInterface}}' "$net" 2>/dev/null)" || continue
    if [ -z "$dev" ] || [ ! -r "/sys/class/net/$dev/addr_assign_type" ]; then continue; fi # made at its first container
    [ "$(cat "/sys/class/net/$dev/addr_assign_type")" != 3 ] || continue          # 3: set, not inherited
    ip link set dev "$dev" address "$(cat "/sys/class/net/$dev/address")" ||
      say "WARNING: could not pin the MAC address of bridge $dev ($net): a set starting may stall traffic for seconds"
  done
}

pg_exec() { podman exec -i "$(pg_container)" "$@"; }
pg_query() { pg_exec psql -U coppertone -d coppertone -v ON_ERROR_STOP=1 -AtF ' ' -c "$1"; }

# Applied migrations as "name kind" lines, the kind as recorded by the code that ran each
# (`migration_compat`, packages/db); none recorded (older migrator, or none declared) is `contract`.
applied_migrations() {
  local recorded
  recorded="$(pg_query "select to_regclass('kysely_migration') is not null, to_regclass('migration_compat') is not null")" ||
    fail "cannot read the applied migrations from the database"
  case "$recorded" in
  "t t") pg_query "select m.name, coalesce(c.compatibility, 'contract') from kysely_migration m
    left join migration_compat c on c.name = m.name order by m.name" ;;
  "t f") pg_query "select name, 'contract' from kysely_migration order by name" ;;
  *) ;; # nothing applied yet
  esac
}

# ── a release set ───────────────────────────────────────────────────────────────────────────
set_project() { echo "$PROJECT-$1"; }
set_containers() { podman ps -a --filter "label=io.podman.compose.project=$(set_project "$1")" --format '{{.Names}}'; }

set_env() {
  local sha="$1" color="$2" name var
  export DEPLOY_SET
  DEPLOY_SET="$(set_project "$color")"
  for name in "${SET_SERVICES[@]}"; do
    var="$(upper "$name")_IMAGE"
    export "$var=$(image_ref "$name" "$(digest_of "$sha" "$name")")"
  done
}

set_remove() {
  local color="$1" grace="${2:-${DEPLOY_STOP_SECONDS:-30}}" names
  names="$(set_containers "$color")"
  [ -n "$names" ] || return 0
  # shellcheck disable=SC2086
  podman stop -t "$grace" $names >/dev/null 2>&1 || true
  # shellcheck disable=SC2086
  podman rm -f $names >/dev/null 2>&1 || true
}

set_keep_logs() {
  local sha="$1" color="$2" name
  mkdir -p "$STATE/releases/$sha/logs"
  for name in $(set_containers "$color"); do
    podman logs --tail 500 "$name" >"$STATE/releases/$sha/logs/$name.log" 2>&1 || true
  done
}

write_upstream() {
  local dir="$1" prefix="$2"
  # shellcheck disable=SC2016 # nginx variables, not shell ones
  printf '# Written by deploy-server at %s: the release set the edge routes to.\nmap $host $release_prefix { default "%s"; }\n' \
    "$(ts)" "$prefix" >"$dir/upstream.conf.tmp"
  mv "$dir/upstream.conf.tmp" "$dir/upstream.conf"
}

# The real path: a public page, the sign-in page, an API read of the database, each function's API.
# The invitation read has a token's shape (43 URL-safe characters), so identity looks it up in the
# database before answering 404; a shorter one is refused before any query.
smoke() {
  local base="$1" path code want fails=()
  shift
  for check in "/ 200" "/auth/login 200" "/api/identity/invites/deploy-smoke-check-not-a-real-invitation-00 404" \
    "/api/work/openapi.json 200" "/api/contact/openapi.json 200" "/api/billing/openapi.json 200"; do
    path="${check% *}"
    want="${check#* }"
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" "$base$path" || echo 000)"
    [ "$code" = "$want" ] || fails+=("$path → $code (want $want)")
  done
  [ ${#fails[@]} -eq 0 ] || {
    SMOKE_FAILS="${fails[*]}"
    return 1
  }
}

public_smoke() {
  if [ "$EDGE_SITE" = test ]; then
    smoke "http://${EDGE_HTTP_PUBLISH:-127.0.0.1:80}"
  else
    local port="${EDGE_HTTPS_PUBLISH:-443}"
    port="${port##*:}"
    smoke "https://$DOMAIN:$port" --resolve "$DOMAIN:$port:127.0.0.1"
  fi
}

# Gate: every container of the set healthy, then the smoke test through a preview nginx (the
# release's own edge image, routes identical to the live edge) on a loopback port.
gate() {
  local sha="$1" color="$2" preview="${PROJECT}-preview" port="${DEPLOY_PREVIEW_PORT:-18499}" names
  # shellcheck disable=SC2207
  names=($(set_containers "$color"))
  step "gate: readiness of ${#names[@]} containers"
  NOT_READY=""
  if ! wait_healthy "${DEPLOY_READY_TIMEOUT:-180}" "${names[@]}"; then
    GATE_FAILURE="not ready after ${DEPLOY_READY_TIMEOUT:-180} s: $NOT_READY"
    return 1
  fi
  say "all ready ($(took))"
  step "gate: smoke test through nginx (preview on 127.0.0.1:$port)"
  write_upstream "$STATE/edge/candidate" "$(set_project "$color")-"
  podman rm -f "$preview" >/dev/null 2>&1 || true
  if ! podman run -d --name "$preview" --read-only --tmpfs /tmp --network "$PROJECT-frontend" \
    -p "127.0.0.1:$port:8080" -v "$STATE/edge/candidate:/etc/nginx/release:ro" \
    "$(image_ref edge "$(digest_of "$sha" edge)")" test >/dev/null 2>"$STATE/preview.err"; then
    GATE_FAILURE="the preview edge did not start: $(grep -v systemd "$STATE/preview.err" | tail -n 1)"
    return 1
  fi
  local deadline=$(($(date +%s) + 30)) ok=1
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 0.5
  done
  SMOKE_FAILS=""
  smoke "http://127.0.0.1:$port" || ok=0
  podman rm -f "$preview" >/dev/null 2>&1 || true
  if [ "$ok" = 0 ]; then
    GATE_FAILURE="smoke test failed: $SMOKE_FAILS"
    return 1
  fi
  say "smoke test passed ($(took))"
}

# After the switch: the share of 5xx answers the edge gave, over DEPLOY_WATCH_SECONDS.
watch_5xx() {
  local since="$1" seconds="${DEPLOY_WATCH_SECONDS:-120}" max="${DEPLOY_MAX_5XX_RATIO:-0.05}" min="${DEPLOY_WATCH_MIN_REQUESTS:-20}"
  local deadline total bad
  [ "$seconds" -gt 0 ] || return 0
  step "watch: 5xx ratio at the edge for $seconds s (rolls back above $max)"
  deadline=$(($(date +%s) + seconds))
  while :; do
    read -r total bad < <(podman logs --since "$since" "$(edge_container)" 2>/dev/null |
      awk '/"service":"edge"/ && /"status":/ { n++; if ($0 ~ /"status":5[0-9][0-9]/) b++ } END { print n + 0, b + 0 }')
    if [ "$total" -ge "$min" ] && awk -v b="$bad" -v n="$total" -v m="$max" 'BEGIN { exit !(b / n > m) }'; then
      WATCH_FAILURE="$bad of $total answers were 5xx since the switch"
      return 1
    fi
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 2
  done
  say "watch: $bad of $total answers 5xx ($(took))"
}

# Keeps the images and dumps of the last DEPLOY_KEEP_RELEASES releases tried (any outcome: a failed
# one stays for inspection), and always the live one and the one a rollback would go to.
prune() {
  local keep="${DEPLOY_KEEP_RELEASES:-5}" live prev sha name kept
  live="$(active_sha)"
  prev="$(good_releases | grep -vx "$live" | head -n 1 || true)"
  kept="$(awk -F'\t' 'NR > 1 { print $2 }' "$HISTORY" | tac | awk '!seen[$0]++' | head -n "$keep")"
  for dir in "$STATE"/releases/*/; do
    sha="$(basename "$dir")"
    if [ "$sha" = "$live" ] || [ "$sha" = "$prev" ] || grep -qx "$sha" <<<"$kept"; then continue; fi
    if [ ! -f "$dir/images" ] || [ -f "$dir/pruned" ]; then continue; fi
    for name in "${IMAGES[@]}"; do
      podman rmi "$IMAGE_REPO/$name:$sha" >/dev/null 2>&1 || true
    done
    rm -f "$dir/pre-migrate.dump"
    date -u +%FT%TZ >"$dir/pruned"
    say "pruned the images and dump of $sha"
  done
}

# ── deploy ──────────────────────────────────────────────────────────────────────────────────
# Shared by deploy and rollback once the release's digests are known.
roll_out() {
  local sha="$1" actor="$2" kind="$3" started live live_set color
  started=$(date +%s)
  live="$(active_sha)"
  live_set="$(active_set)"
  if [ "$live" = "$sha" ] && running "$(edge_container)" && [ -n "$(set_containers "$live_set")" ]; then
    if edge_settings_current; then
      say "$sha is already live ($(set_project "$live_set")); nothing to do"
      return 0
    fi
    # The release stays; the edge takes the environment's new settings (e.g. EDGE_SITES=admin).
    step "$sha is already live; the edge's settings changed ($(edge_settings_changes)): a new edge"
    base_up "$sha"
    switch_to "$live_set" "$sha"
    pin_bridge_macs # an admin network's bridge, made as the new edge joined it
    SMOKE_FAILS=""
    public_smoke || fail "the live site fails its smoke test with the edge's new settings: $SMOKE_FAILS"
    say "LIVE: $sha on $(set_project "$live_set"), the edge with its new settings ($(took))"
    return 0
  fi
  color=blue
  [ "$live_set" = blue ] && color=green

  step "pull $sha by digest (${#IMAGES[@]} images from $IMAGE_REPO)"
  pull_release "$sha"
  rm -f "$STATE/releases/$sha/pruned"
  say "pulled ($(took))"
  release_migrations "$sha"

  base_up "$sha"
  step "pg_dump before migrating"
  pg_exec pg_dump -U coppertone -d coppertone -Fc >"$STATE/releases/$sha/pre-migrate.dump.tmp" ||
    fail "pg_dump failed; nothing else was changed"
  mv "$STATE/releases/$sha/pre-migrate.dump.tmp" "$STATE/releases/$sha/pre-migrate.dump"
  say "dump kept at $STATE/releases/$sha/pre-migrate.dump ($(du -h "$STATE/releases/$sha/pre-migrate.dump" | cut -f1), $(took))"

  if ! pg_upgrade "$sha"; then
    POSTGRES_IMAGE="$(pg_running_image)"
    record "$sha" failed-rolled-back "$actor" "$(($(date +%s) - started))" "${live_set:--}"
    metric "$sha" failed-rolled-back
    say "ROLLED BACK: PostgreSQL runs its previous image; ${live:-no release} still serves"
    exit "$EXIT_ROLLED_BACK"
  fi
  POSTGRES_IMAGE="$(pg_running_image)"

  local beside="nothing (first deploy)"
  [ -z "$live_set" ] || beside="$(set_project "$live_set")"
  step "start $(set_project "$color") beside $beside"
  set_remove "$color" 5 # a set left from a failed release (its logs are kept with that release)
  pin_bridge_macs
  set_env "$sha" "$color"
  compose "$(set_project "$color")" -f "$ROOT/compose/release.yaml" up -d ||
    fail "starting the new set failed (see $STATE/compose.log)"
  say "started ($(took))"

  GATE_FAILURE=""
  if ! gate "$sha" "$color"; then
    say "GATE FAILED: $GATE_FAILURE"
    set_keep_logs "$sha" "$color"
    local name
    for name in $NOT_READY; do
      say "last lines of $name:"
      tail -n 12 "$STATE/releases/$sha/logs/$name.log" 2>/dev/null | cut -c1-300 | sed 's/^/    /'
    done
    set_remove "$color" 5
    # Not undone: the previous release's code runs on the same major version, and a second
    # restart would cost PostgreSQL's downtime twice; the next deploy or rollback puts its own back.
    [ -z "${PG_UPGRADED:-}" ] || say "PostgreSQL keeps this release's image $PG_UPGRADED (same data; the next deploy applies its own)"
    local seconds=$(($(date +%s) - started))
    if [ -n "$live" ]; then
      record "$sha" failed-rolled-back "$actor" "$seconds" "$color"
      metric "$sha" failed-rolled-back
      say "ROLLED BACK: $live still serves; the failed release's logs are in $STATE/releases/$sha/logs"
      exit "$EXIT_ROLLED_BACK"
    fi
    record "$sha" failed "$actor" "$seconds" "$color"
    metric "$sha" failed
    fail "the first release failed its gate; nothing serves yet (logs: $STATE/releases/$sha/logs)"
  fi

  step "switch the edge to $(set_project "$color")"
  local since
  since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  switch_to "$color" "$sha"
  local after=""
  SMOKE_FAILS=""
  if public_smoke; then
    say "switched; the live site passes the smoke test ($(took))"
  else
    after="the live site fails its smoke test after the switch: $SMOKE_FAILS"
    [ -n "$live" ] || fail "$after (first release: nothing to go back to)"
  fi

  WATCH_FAILURE=""
  if [ -z "$after" ] && [ -n "$live" ] && ! watch_5xx "$since"; then after="$WATCH_FAILURE"; fi
  if [ -n "$after" ]; then
    say "FAILED AFTER THE SWITCH: $after"
    switch_to "$live_set" "$live"
    set_keep_logs "$sha" "$color"
    set_remove "$color" 5
    record "$sha" failed-rolled-back "$actor" "$(($(date +%s) - started))" "$color"
    metric "$sha" failed-rolled-back
    say "ROLLED BACK: $live serves again"
    exit "$EXIT_ROLLED_BACK"
  fi

  if [ -n "$live_set" ] && [ "$live_set" != "$color" ]; then
    step "drain and stop $(set_project "$live_set")"
    sleep "${DEPLOY_DRAIN_SECONDS:-5}"
    set_remove "$live_set"
    say "stopped ($(took))"
  fi
  pin_bridge_macs # the first deploy's bridges, made as its containers started
  record "$sha" "$kind" "$actor" "$(($(date +%s) - started))" "$color"
  metric "$sha" "$kind"
  prune
  say "LIVE: $sha on $(set_project "$color") in $(($(date +%s) - started)) s"
}

cmd_deploy() {
  local env="$1" sha="$2" actor="$3" name digest
  shift 3
  load_env "$env"
  [[ "$sha" =~ ^[0-9a-f]{40}$ ]] || refuse "not a full commit SHA: '$sha'"
  [[ "$actor" =~ ^[A-Za-z0-9._@+-]{1,64}$ ]] || refuse "bad actor name"
  declare -A digests=()
  for pair in "$@"; do
    name="${pair%%=*}"
    digest="${pair#*=}"
    [[ " ${IMAGES[*]} " == *" $name "* ]] || refuse "unknown image '$name'"
    [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || refuse "bad digest for $name"
    digests[$name]="$digest"
  done
  for name in "${IMAGES[@]}"; do [ -n "${digests[$name]:-}" ] || refuse "no digest for $name"; done
  take_lock deploy "$sha"
  check_disk
  mkdir -p "$STATE/releases/$sha"
  RELEASE_LOG="$STATE/releases/$sha/deploy.log"
  say "deploy $sha by $actor"
  : >"$STATE/releases/$sha/images.new"
  for name in "${IMAGES[@]}"; do echo "$name ${digests[$name]}" >>"$STATE/releases/$sha/images.new"; done
  mv "$STATE/releases/$sha/images.new" "$STATE/releases/$sha/images"
  roll_out "$sha" "$actor" live
}

list_targets() {
  local live
  live="$(active_sha)"
  echo "releases a rollback can go to (newest first; live: ${live:-none}):"
  good_releases | while read -r sha; do
    [ "$sha" = "$live" ] && continue
    if [ -f "$STATE/releases/$sha/pruned" ]; then
      echo "  $sha  (images pruned: pulled again from the registry)"
    else
      echo "  $sha"
    fi
  done
}

cmd_rollback() {
  local env="$1" sha="$2" actor="$3" live
  load_env "$env"
  take_lock rollback "$sha"
  live="$(active_sha)"
  list_targets
  if [ -z "$sha" ]; then
    sha="$(good_releases | grep -vx "$live" | head -n 1 || true)"
    [ -n "$sha" ] || refuse "no earlier release to roll back to"
  fi
  [[ "$sha" =~ ^[0-9a-f]{40}$ ]] || refuse "not a full commit SHA: '$sha'"
  if [ ! -f "$STATE/releases/$sha/images" ] || ! good_releases | grep -qx "$sha"; then
    refuse "$sha is not a release that went live here (see the list above)"
  fi
  check_disk
  RELEASE_LOG="$STATE/releases/$sha/deploy.log"
  say "rollback to $sha by $actor (live: ${live:-none})"
  # Refuse to run code on a schema it does not know: a migration applied since is either declared
  # `expand` (old code runs on it, and its migrator starts over it) or not, and then it stops the
  # rollback, as the old code's migrator would stop its start.
  release_migrations "$sha"
  local applied blockers over
  applied="$(applied_migrations)" || exit 1
  blockers="$(rollback_blockers "$STATE/releases/$sha/migrations" "$(cat "$STATE/releases/$sha/migrations.migrator")" <<<"$applied")"
  if [ -n "$blockers" ]; then
    refuse "$sha does not know the migrations applied since: $(paste -sd ' ' <<<"$blockers"). Its code cannot run on this schema. To go back anyway, restore the dump taken before them ($STATE/releases/<the release that added them>/pre-migrate.dump) with pg_restore, then roll back"
  fi
  over="$(rollback_blockers "$STATE/releases/$sha/migrations" strict <<<"$applied" | paste -sd ' ' -)"
  [ -z "$over" ] || say "going back over expand migrations its code does not know (it runs on them): $over"
  roll_out "$sha" "$actor" rolled-back-to
}

cmd_releases() {
  load_env "$1"
  column -t -s $'\t' <(cut -f1-6 "$HISTORY")
  echo
  list_targets
}

cmd_check() {
  load_env "$1"
  take_lock check
  check_disk
  [ -s "$AUTH_FILE" ] || refuse "no registry credentials at $AUTH_FILE"
  say "ok: settings complete, no deploy running, disk ok; live: $(active_sha) $(active_set)"
}

main() {
  if [ "${1:-}" = --ssh ]; then
    # The forced command: the request is one line on stdin (words only, nothing is evaluated).
    local line
    IFS= read -r -t 10 line || refuse "no request"
    [[ "$line" =~ ^[A-Za-z0-9\ ._@+=:-]*$ ]] || refuse "request has characters outside [A-Za-z0-9 ._@+=:-]"
    read -r -a words <<<"$line"
    set -- "${words[@]}"
  fi
  local verb="${1:-}"
  shift || true
  case "$verb" in
  deploy) [ $# -ge 3 ] || refuse "usage: deploy ENV SHA ACTOR name=digest…"; cmd_deploy "$@" ;;
  rollback)
    case $# in
    2) cmd_rollback "$1" "" "$2" ;;
    3) cmd_rollback "$1" "$2" "$3" ;;
    *) refuse "usage: rollback ENV [SHA] ACTOR" ;;
    esac
    ;;
  releases) [ $# -eq 1 ] || refuse "usage: releases ENV"; cmd_releases "$1" ;;
  check) [ $# -eq 1 ] || refuse "usage: check ENV"; cmd_check "$1" ;;
  postgres) [ $# -eq 2 ] || refuse "usage: postgres ENV sha256:…"; cmd_postgres "$1" "$2" ;;
  -h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' ;;
  *) refuse "unknown command '$verb' (deploy, rollback, releases, check, postgres)" ;;
  esac
}

# Sourced by the tests of its checks (scripts/deploy.test.ts, packages/db's migrator test): no command then.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
