# The base images every Containerfile names, by their upstream names, pinned by tag. The same
# values are the ARG defaults in the Containerfiles; scripts/stack/build.sh passes these, so this
# file is the one to edit. On a server that can pull, pin by digest too (see deploy/README.md):
#   podman pull NAME && podman image inspect --format '{{.Digest}}' NAME
# shellcheck shell=bash
export NODE_VERSION=24.21.0 # the Node the project runs on (root package.json: node@^24.21.0)
export NPM_VERSION=11.19.1  # npm inside the build images
export DEBIAN_SUITE=bookworm
export POSTGRES_MAJOR=15

export DEBIAN_IMAGE="docker.io/library/debian:${DEBIAN_SUITE}-slim"
# Build stages: npm, the web build.
export NODE_IMAGE="docker.io/library/node:${NODE_VERSION}-${DEBIAN_SUITE}-slim"
# Runtime of the functions: Node and glibc only (no shell, no package manager), user 65532.
export NODE_RUNTIME_IMAGE="gcr.io/distroless/nodejs24-debian12:nonroot"
export POSTGRES_IMAGE="docker.io/library/postgres:${POSTGRES_MAJOR}-${DEBIAN_SUITE}"
