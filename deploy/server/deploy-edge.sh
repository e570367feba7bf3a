# shellcheck shell=bash
# The edge of an environment, for deploy-server.sh (sourced by it; installed beside it as
# ROOT/bin/deploy-edge.sh): switching it between release sets, its nginx configuration taken from
# each release's edge image, and its container replaced when its image's nginx or entrypoint, or
# its settings (EDGE_SITES, DOMAIN, ports, the admin password directory, server.yaml), change.

# The edge's nginx configuration is not read from its image: STATE/edge/nginx, a copy of the
# release's edge image's /etc/nginx, is mounted over it (server.yaml). So a release whose edge
# image differs only there (routes, headers, limits) is applied by a reload of the running edge,
# dropping nothing; only a different nginx, entrypoint or start command replaces the container.

# What an edge image is apart from /etc/nginx: every other file (content, mode, owner), the
# entrypoint, command, user and environment. Equal: a reload with the new configuration suffices.
edge_body() {
  local ref="$1" id cache mnt
  id="$(podman image inspect --format '{{.Id}}' "$ref")" || return 1
  cache="$STATE/edge/body.$id"
  if [ ! -s "$cache" ]; then
    mnt="$(podman image mount "$ref")" || return 1
    {
      tar -C "$mnt" --exclude=./etc/nginx --sort=name --mtime=@0 --numeric-owner -cf - . | sha256sum
      podman image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.User}} {{json .Config.Env}}' "$ref"
    } >"$cache.tmp"
    podman image unmount "$ref" >/dev/null
    mv "$cache.tmp" "$cache"
  fi
  cat "$cache"
}

# Makes the files of directory $1 those of $2 (STATE/edge/nginx, which the running edge has
# mounted: its files are replaced one by one by rename, never the directory), and removes the files
# $2 has that $1 lacks (an include could otherwise still find them). tls/ and release/ are the
# mount points of server.yaml's other two volumes: left alone.
edge_conf_sync() {
  local from="$1" dir="$2" f
  (cd "$from" && find . -type f -printf '%P\n') | while read -r f; do
    mkdir -p "$dir/$(dirname "$f")"
    cp -a "$from/$f" "$dir/$f.deploy-tmp"
    mv "$dir/$f.deploy-tmp" "$dir/$f"
  done
  (cd "$dir" && find . -type f -printf '%P\n') | while read -r f; do
    case "$f" in tls/* | release/*) continue ;; esac
    [ -e "$from/$f" ] || rm -f "$dir/$f"
  done
}

# Writes the edge image's /etc/nginx into STATE/edge/nginx. The previous files are kept in
# nginx.prev for edge_conf_restore.
edge_conf_install() {
  local ref="$1" dir="$STATE/edge/nginx" mnt
  mnt="$(podman image mount "$ref")" || fail "cannot read the edge image $ref"
  rm -rf "$dir.new" "$dir.prev"
  mkdir -p "$dir" "$dir.new"
  cp -a "$mnt/etc/nginx/." "$dir.new/"
  podman image unmount "$ref" >/dev/null
  rm -rf "$dir.new/tls" "$dir.new/release"
  cp -a "$dir" "$dir.prev"
  edge_conf_sync "$dir.new" "$dir"
  mkdir -p "$dir/tls" "$dir/release"
  rm -rf "$dir.new"
}
edge_conf_restore() {
  local dir="$STATE/edge/nginx"
  [ -d "$dir.prev" ] || return 0
  edge_conf_sync "$dir.prev" "$dir"
}

# The running edge reads its configuration from STATE/edge/nginx (an edge started before that
# mount existed reads its image's, and is replaced once).
edge_mounts_conf() {
  podman inspect --format '{{range .Mounts}}{{.Destination}} {{end}}' "$1" 2>/dev/null | tr ' ' '\n' | grep -qx /etc/nginx
}

# What the edge container is made from besides its image: server.yaml and the settings it reads for
# the edge (none of them secret). Recorded in STATE/edge/settings when an edge starts; a change
# (EDGE_SITES gains `admin`, another port, a new server.yaml from install.sh) takes a new container,
# since a reload cannot add a mount, a network or a variable. None recorded (an edge started before
# this record existed) counts as a change, once.
edge_settings() {
  local name
  printf 'server.yaml %s\n' "$(sha256sum <"$ROOT/compose/server.yaml" | cut -d' ' -f1)"
  for name in EDGE_SITE EDGE_SITES DOMAIN TLS_CERT_DIR EDGE_ADMIN_AUTH_DIR EDGE_HTTP_PUBLISH EDGE_HTTPS_PUBLISH; do
    printf '%s=%s\n' "$name" "${!name:-}"
  done
}
edge_settings_current() { [ "$(edge_settings)" = "$(cat "$STATE/edge/settings" 2>/dev/null)" ]; }
# The names of the settings that changed, for the operator ("EDGE_SITES", "server.yaml").
edge_settings_changes() {
  [ -f "$STATE/edge/settings" ] || {
    echo "none recorded yet"
    return 0
  }
  diff <(cat "$STATE/edge/settings") <(edge_settings) | sed -n 's/^> \([A-Za-z_.]*\)[= ].*/\1/p' | paste -sd ' ' - || true
}

# A new edge container as it would start, checked before the running one is removed: the
# entrypoint renders the optional sites (it refuses `admin` without a bcrypt password file, and
# says so) and nginx -t reads the result, the certificate included. The running edge is untouched.
edge_precheck() {
  podman run --rm --read-only --tmpfs /tmp --network "$PROJECT-frontend" \
    -e DOMAIN -e EDGE_SITES="${EDGE_SITES:-none}" \
    -v "$STATE/edge/nginx:/etc/nginx:ro" -v "$TLS_CERT_DIR:/etc/nginx/tls:ro" \
    -v "$STATE/edge/active:/etc/nginx/release:ro" -v "$EDGE_ADMIN_AUTH_DIR:/run/secrets/edge-admin:ro" \
    "$1" "$EDGE_SITE" -t -q >"$STATE/edge/precheck.out" 2>&1
}

# Points the edge at a set: rewrite upstream.conf, put the release's edge configuration in place,
# check it, reload (graceful: in-flight requests finish on the old workers). A different nginx
# (or entrypoint), or changed edge settings, replace the edge container instead, cutting the
# connections open then; the new one is checked first, and a refusal leaves the running edge as it was.
switch_to() {
  local color="$1" sha="$2" edge want_edge
  edge="$(edge_container)"
  want_edge="$(image_ref edge "$(digest_of "$sha" edge)")"
  rm -f "$STATE/edge/active/upstream.conf.prev"
  [ ! -f "$STATE/edge/active/upstream.conf" ] || cp -a "$STATE/edge/active/upstream.conf" "$STATE/edge/active/upstream.conf.prev"
  write_upstream "$STATE/edge/active" "$(set_project "$color")-"
  if running "$edge" && edge_mounts_conf "$edge" && edge_settings_current &&
    [ "$(edge_body "$(podman inspect -f '{{.Image}}' "$edge")")" = "$(edge_body "$want_edge")" ]; then
    local changed=""
    edge_conf_install "$want_edge"
    diff -rq -x tls -x release "$STATE/edge/nginx.prev" "$STATE/edge/nginx" >/dev/null 2>&1 || changed=" with the new release's edge configuration"
    if ! podman exec "$edge" /usr/sbin/nginx -t -q -c "/etc/nginx/edge-$EDGE_SITE.conf" 2>&1 | tail -n 3 >&2; then
      edge_conf_restore
      fail "the edge refuses the new configuration (the running one is unchanged)"
    fi
    podman kill --signal HUP "$edge" >/dev/null
    say "edge reloaded$changed: routes to $(set_project "$color")"
  else
    edge_conf_install "$want_edge"
    if ! edge_precheck "$want_edge"; then
      edge_conf_restore
      if [ -f "$STATE/edge/active/upstream.conf.prev" ]; then
        mv "$STATE/edge/active/upstream.conf.prev" "$STATE/edge/active/upstream.conf"
      fi
      grep -v systemd "$STATE/edge/precheck.out" | tail -n 3 >&2
      fail "the new edge refuses its configuration or settings (above; EDGE_SITE=$EDGE_SITE EDGE_SITES=${EDGE_SITES:-none}); $(running "$edge" && echo 'the running edge is unchanged' || echo 'no edge runs')"
    fi
    if running "$edge" && ! edge_mounts_conf "$edge"; then
      say "WARNING: the edge restarts once to read its configuration from $STATE/edge/nginx (connections open at this moment are cut)"
    elif running "$edge" && ! edge_settings_current; then
      say "WARNING: the edge's settings changed ($(edge_settings_changes)): the edge restarts with them (connections open at this moment are cut)"
    elif running "$edge"; then
      say "WARNING: the edge's nginx or entrypoint changed: the edge restarts (connections open at this moment are cut)"
    fi
    podman rm -f "$edge" >/dev/null 2>&1 || true
    EDGE_IMAGE="$want_edge" compose "$PROJECT" -f "$ROOT/compose/server.yaml" up -d edge ||
      fail "starting the edge failed (see $STATE/compose.log)"
    wait_healthy 60 "$edge" || fail "the edge did not become healthy"
    edge_settings >"$STATE/edge/settings"
    say "edge started: routes to $(set_project "$color")${EDGE_SITES:+ (EDGE_SITES=$EDGE_SITES)}"
  fi
  printf '%s %s\n' "$sha" "$color" >"$STATE/active"
}
