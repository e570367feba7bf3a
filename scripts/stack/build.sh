#!/usr/bin/env bash
# Builds every image of the platform, tagged with the git commit (STACK_TAG):
#   localhost/coppertone/deps       production node_modules of all functions (installed once)
#   localhost/coppertone/<function> identity, work, contact, billing, worker (and alerts, the
#                                    Matrix receiver of the monitoring): one Containerfile
#                                    (deploy/images/function.Containerfile), SERVICE names the function
#   localhost/coppertone/web        static build + nginx
#   localhost/coppertone/edge       nginx edge
#   localhost/coppertone/fakes      test-only fake SMTP (+ HTTP mailbox)
#   localhost/coppertone/postgres   the upstream postgres image + pgBackRest (WAL archiving, PITR)
# From the committed tree (HEAD when the run starts) by default, so others' uncommitted edits never slip into an image
# that carries a commit's name; STACK_SOURCE=worktree builds the working tree (tag gets -dirty).
# Base images must be present (scripts/stack/base-images.sh here; a pull on a real server):
# builds run with --pull=never. Prints each image's size; writes test-results/stack/images.json.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stack_need_tools
for base in "$NODE_IMAGE" "$NODE_RUNTIME_IMAGE" "$DEBIAN_IMAGE" "$POSTGRES_IMAGE"; do
  podman image exists "$base" || die "base image $base is missing: run scripts/stack/base-images.sh (or pull it)"
done

# A commit's images are built once: when every one is present, labelled with this revision, and
# this checkout recorded their sizes, a second build (CI's stack test after its images lane) only
# says so. STACK_REBUILD=1 builds anyway; a working-tree build (-dirty) always builds.
images_of_revision_present() {
  local name
  [ "${STACK_SOURCE:-commit}" != worktree ] && [ "${STACK_REBUILD:-0}" != 1 ] || return 1
  grep -q "\"revision\":\"$STACK_REVISION\"" "$STACK_ROOT/test-results/stack/images.json" 2>/dev/null || return 1
  for name in deps "${STACK_FUNCTIONS[@]}" alerts web edge fakes postgres; do
    [ "$(podman image inspect --format '{{index .Labels "org.opencontainers.image.revision"}}' \
      "localhost/coppertone/$name:$STACK_TAG" 2>/dev/null)" = "$STACK_REVISION" ] || return 1
  done
}
if images_of_revision_present; then
  log "every image of $STACK_TAG is present, built from commit $STACK_REVISION: not rebuilt (STACK_REBUILD=1 rebuilds)"
  exit 0
fi

work="$(mktemp -d)"
side=() # builds running in the background: "pid:name"
trap 'for e in "${side[@]+"${side[@]}"}"; do kill "${e%%:*}" 2>/dev/null || true; done; rm -rf "$work"' EXIT
ctx="$work/src"
mkdir -p "$ctx"
revision="$STACK_REVISION"
if [ "${STACK_SOURCE:-commit}" = "worktree" ]; then
  log "context: the working tree (tracked and untracked files git does not ignore)"
  (cd "$STACK_ROOT" && git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) |
    tar -xf - -C "$ctx"
else
  log "context: commit $revision (git archive)"
  git -C "$STACK_ROOT" archive --format=tar "$revision" | tar -xf - -C "$ctx"
fi

# The dependency image's context: npm manifests only, at their paths.
manifests="$work/manifests"
mkdir -p "$manifests"
(cd "$ctx" && find . -name package.json -not -path '*/node_modules/*' -print0 && printf '%s\0' ./package-lock.json) |
  (cd "$ctx" && tar --null -T - -cf -) | tar -xf - -C "$manifests"

# The CA bundle npm trusts on this machine (a TLS-inspecting proxy's CA, if any), handed to the
# npm steps of the builds as a secret: mounted for those steps only, never stored in an image.
ca_file="${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}"
secret_args=()
if [ -n "$ca_file" ] && [ "$ca_file" != null ] && [ -s "$ca_file" ]; then
  secret_args=(--secret "id=npm_ca,src=$ca_file")
fi

# OCI labels: also passed with --label, which buildah applies to the final image even when every
# step comes from the layer cache (a cached LABEL step can keep an older revision).
source_url="${STACK_SOURCE_URL:-$(git -C "$STACK_ROOT" remote get-url origin 2>/dev/null || echo "file://$STACK_ROOT")}"
created="$(git -C "$STACK_ROOT" log -1 --format=%cI "${revision%-dirty}")"
mkdir -p "$STACK_ROOT/test-results/stack"

build() {
  local name="$1" file="$2" context="$3" started
  shift 3
  local image="localhost/coppertone/$name:$STACK_TAG"
  started=$(date +%s%N)
  if ! podman build --pull=never --format docker --layers "${STACK_BUILD_ARGS[@]}" \
    --build-arg "NODE_IMAGE=$NODE_IMAGE" --build-arg "NODE_RUNTIME_IMAGE=$NODE_RUNTIME_IMAGE" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" --build-arg "REVISION=$revision" \
    --build-arg "SOURCE=$source_url" --build-arg "CREATED=$created" \
    --label "org.opencontainers.image.revision=$revision" --label "org.opencontainers.image.source=$source_url" \
    --label "org.opencontainers.image.created=$created" \
    "${secret_args[@]}" "$@" -f "$file" -t "$image" "$context" >"$work/$name.log" 2>&1; then
    tail -n 40 "$work/$name.log"
    die "building $image failed"
  fi
  local ms=$((($(date +%s%N) - started) / 1000000)) bytes
  bytes="$(podman image inspect --format '{{.Size}}' "$image")"
  echo "$name $bytes $ms" >"$work/$name.row"
  log "$(awk -v n="$image" -v b="$bytes" -v ms="$ms" 'BEGIN { printf "%-52s %7.1f MB  built in %5.1f s", n, b / 1e6, ms / 1000 }')"
}

# The web app does not need the dependency image: it builds alongside the functions (its npm
# install and build overlap the functions' layers; STACK_BUILD_PARALLEL=0 builds one after
# another). The fakes' build is kept out of that overlap: run beside two others it took 285 s
# instead of 61 s (measured), longer than the whole chain. Each build logs to its own file.
if [ "${STACK_BUILD_PARALLEL:-1}" = 1 ]; then
  build web "$ctx/apps/web/Containerfile" "$ctx" &
  side+=("$!:web")
fi
build deps "$ctx/deploy/images/deps.Containerfile" "$manifests" --build-arg "FUNCTIONS=${STACK_FUNCTIONS[*]} alerts"
# alerts: Alertmanager's Matrix receiver (services/alerts), a server-level service of the
# production compose (profile monitoring), not part of the test stack or a release set.
for fn in "${STACK_FUNCTIONS[@]}" alerts; do
  [ -f "$ctx/services/$fn/src/main.ts" ] || die "no services/$fn/src/main.ts in the build context"
  # The OCI description: the function's package.json description.
  description="$(sed -n 's/^  "description": "\(.*\)",\{0,1\}$/\1/p' "$ctx/services/$fn/package.json" | head -n 1)"
  build "$fn" "$ctx/deploy/images/function.Containerfile" "$ctx" --build-arg "SERVICE=$fn" \
    --build-arg "DESCRIPTION=Coppertone $fn function${description:+: $description}" \
    --build-arg "DEPS_IMAGE=localhost/coppertone/deps:$STACK_TAG"
done
build edge "$ctx/deploy/nginx/Containerfile" "$ctx"
build fakes "$ctx/deploy/images/fakes.Containerfile" "$ctx"
build postgres "$ctx/deploy/images/postgres.Containerfile" "$ctx" --build-arg "POSTGRES_IMAGE=$POSTGRES_IMAGE"
if [ "${STACK_BUILD_PARALLEL:-1}" = 1 ]; then
  failed=()
  for entry in "${side[@]}"; do
    wait "${entry%%:*}" || failed+=("${entry#*:}")
  done
  [ ${#failed[@]} -eq 0 ] || die "building failed: ${failed[*]}"
else
  build web "$ctx/apps/web/Containerfile" "$ctx"
fi
rows=()
for name in deps "${STACK_FUNCTIONS[@]}" alerts web edge fakes postgres; do
  rows+=("$(cat "$work/$name.row")")
done

# Sizes, for the note and the benchmark.
{
  printf '{"tag":"%s","revision":"%s","images":[' "$STACK_TAG" "$revision"
  sep=""
  for row in "${rows[@]}"; do
    read -r name bytes ms <<<"$row"
    printf '%s{"name":"%s","bytes":%s,"buildMs":%s}' "$sep" "$name" "$bytes" "$ms"
    sep=","
  done
  printf ']}\n'
} >"$STACK_ROOT/test-results/stack/images.json"

printf '\nImages (tag %s):\n' "$STACK_TAG"
for row in "${rows[@]}"; do
  read -r name bytes _ <<<"$row"
  target=""
  case "$name" in
  identity | work | contact | worker | billing | alerts) target="target < 200 MB" ;;
  web) target="target < 50 MB" ;;
  deps) target="(carrier of the shared node_modules layer, not run)" ;;
  fakes) target="(test only)" ;;
  postgres) target="(upstream postgres + pgBackRest)" ;;
  esac
  awk -v n="$name" -v b="$bytes" -v t="$target" 'BEGIN { printf "  %-10s %7.1f MB  %s\n", n, b / 1e6, t }'
done
runtime_bytes="$(podman image inspect --format '{{.Size}}' "$NODE_RUNTIME_IMAGE")"
awk -v b="$runtime_bytes" 'BEGIN { printf "  of which every function image shares the Node runtime base (%.1f MB) and the node_modules layer\n", b / 1e6 }'
