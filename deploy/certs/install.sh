#!/usr/bin/env bash
# Installs the certificate tool on the server (docs/go-live.md, "Certificates"). Run as root from
# a checkout or a copy of deploy/:
#   deploy/certs/install.sh [--root /opt/coppertone] [--no-systemd]
# Puts the tool (deploy/certs/*.ts) in ROOT/certs with Node 24 and acme-client from npm at the
# versions this repository pins (npm install of exactly those two), ROOT/bin/certs to run it, and
# the systemd service and timer in /etc/systemd/system (then: systemctl daemon-reload && systemctl
# enable --now coppertone-certs.timer). Idempotent: run it again after a change of deploy/certs/;
# it says what it changed. Settings: ROOT/etc/certs.env (certs.env.example; not written here).
# Needs: npm (Debian's npm; it only downloads the pinned Node), openssl.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root=/opt/coppertone
systemd=1
while [ $# -gt 0 ]; do
  case "$1" in
  --root) root="$2"; shift 2 ;;
  --no-systemd) systemd=0; shift ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 2; }
case "$root" in /*) ;; *) echo "--root must be absolute" >&2; exit 2 ;; esac
for tool in npm openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (apt-get install npm openssl)" >&2; exit 2; }
done

# The versions the repository runs and tests with (its package-lock.json).
lock="$here/../../package-lock.json"
version_of() {
  [ -f "$lock" ] || { echo "no package-lock.json beside deploy/ ($lock): run from a checkout" >&2; exit 2; }
  sed -n "/\"node_modules\/$1\": {/,/}/ s/.*\"version\": \"\([^\"]*\)\".*/\1/p" "$lock" | head -n 1
}
node_version="$(version_of node)"
acme_version="$(version_of acme-client)"
if [ -z "$node_version" ] || [ -z "$acme_version" ]; then
  echo "could not read the node/acme-client versions from $lock" >&2
  exit 2
fi

changed() { echo "install: $*"; }
put() { # put MODE SRC DEST: copy when different
  if ! cmp -s "$2" "$3"; then
    install -o root -g root -m "$1" "$2" "$3"
    changed "$3"
  fi
}

install -d -o root -g root -m 0755 "$root" "$root/bin" "$root/certs"
install -d -o root -g root -m 0700 "$root/etc"
for file in certs.ts decide.ts issue.ts metrics.ts settings.ts store.ts; do
  put 0644 "$here/$file" "$root/certs/$file"
done

want="{\"name\":\"coppertone-certs\",\"private\":true,\"type\":\"module\",\"dependencies\":{\"node\":\"$node_version\",\"acme-client\":\"$acme_version\"}}"
if [ "$(cat "$root/certs/package.json" 2>/dev/null)" != "$want" ] || [ ! -x "$root/certs/node_modules/.bin/node" ]; then
  echo "$want" >"$root/certs/package.json"
  echo "install: Node $node_version and acme-client $acme_version (npm)"
  (cd "$root/certs" && timeout 600 npm install --omit=dev --no-audit --no-fund --loglevel=error) ||
    { echo "npm install in $root/certs failed" >&2; exit 1; }
  changed "$root/certs/node_modules (node $("$root/certs/node_modules/.bin/node" --version))"
fi

wrapper="$(mktemp)"
trap 'rm -f "$wrapper"' EXIT
cat >"$wrapper" <<EOF
#!/bin/sh
# The edge's certificate tool (deploy/certs/certs.ts): renew, status, bootstrap; --help.
exec $root/certs/node_modules/.bin/node $root/certs/certs.ts "\$@"
EOF
put 0755 "$wrapper" "$root/bin/certs"

if [ "$systemd" = 1 ]; then
  put 0644 "$here/systemd/coppertone-certs.service" /etc/systemd/system/coppertone-certs.service
  put 0644 "$here/systemd/coppertone-certs.timer" /etc/systemd/system/coppertone-certs.timer
fi
[ -f "$root/etc/certs.env" ] || echo "install: next, write $root/etc/certs.env (root, 0600) from deploy/certs/certs.env.example"
echo "install: done"
