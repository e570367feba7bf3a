#!/usr/bin/env bash
# `npm run stack:images`: the base images (local stand-ins where none can be pulled; cached), then
# every image of the platform, tagged with the git commit.
set -euo pipefail
dir="$(dirname "$0")"
bash "$dir/base-images.sh"
bash "$dir/build.sh"
