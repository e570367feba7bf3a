#!/usr/bin/env bash
# Prepares a server for scripts/deploy (docs/go-live.md). Run as root on the server, from a
# checkout or a copy of deploy/:
#   deploy/server/install.sh --key deploy_key.pub [--root /opt/coppertone] [--user deploy]
#                            [--containers-conf FILE]
# Installs the server half (ROOT/bin/deploy-server, root-owned) and the compose files, makes the
# unprivileged `deploy` user (no password; its SSH key can run exactly one command,
#   restrict,command="sudo -n ROOT/bin/deploy-server --ssh"
# and sudo allows it exactly that command), and ROOT/etc (0700, root) for each environment's
# settings: ROOT/etc/<env>.env, the registry's pull credentials ROOT/etc/registry-auth.json and
# each environment's pgBackRest settings (ROOT/etc/<env>.pgbackrest.conf, 0640 root:999, named by
# PGBACKREST_CONF in <env>.env; docs/go-live.md).
# Idempotent: run it again after an update of deploy/server/ (it says what it changed).
# Needs: podman, podman-compose, sudo, openssh-server, curl (apt-get install them first).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root=/opt/coppertone
user=deploy
key=""
conf=""
sudoers_name=coppertone-deploy
while [ $# -gt 0 ]; do
  case "$1" in
  --root) root="$2"; shift 2 ;;
  --user) user="$2"; shift 2 ;;
  --key) key="$2"; shift 2 ;;
  --containers-conf) conf="$2"; shift 2 ;;
  --sudoers-name) sudoers_name="$2"; shift 2 ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 2; }
if [ -z "$key" ] || [ ! -s "$key" ]; then echo "--key: the deploy user's public key file is required" >&2; exit 2; fi
grep -Eq '^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/=]+' "$key" || { echo "--key: not an SSH public key" >&2; exit 2; }
for tool in podman podman-compose sudo visudo curl flock ip; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (apt-get install podman podman-compose sudo curl iproute2)" >&2; exit 2; }
done
case "$root" in /*) ;; *) echo "--root must be absolute" >&2; exit 2 ;; esac

changed() { echo "install: $*"; }
put() { # put MODE SRC DEST: copy when different
  if ! cmp -s "$2" "$3"; then
    install -o root -g root -m "$1" "$2" "$3"
    changed "$3"
  fi
}

install -d -o root -g root -m 0755 "$root" "$root/bin" "$root/compose"
install -d -o root -g root -m 0700 "$root/etc" "$root/var"
put 0755 "$here/deploy-server.sh" "$root/bin/deploy-server"
put 0644 "$here/deploy-postgres.sh" "$root/bin/deploy-postgres.sh" # sourced by deploy-server
put 0644 "$here/deploy-edge.sh" "$root/bin/deploy-edge.sh"         # sourced by deploy-server
put 0644 "$here/server.yaml" "$root/compose/server.yaml"
put 0644 "$here/release.yaml" "$root/compose/release.yaml"
[ -z "$conf" ] || put 0644 "$conf" "$root/etc/containers.conf"

if ! id "$user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh "$user"
  changed "user $user (no password)"
fi
# No password, but not locked: sshd (without PAM) refuses every login of a locked account ("!"),
# keys included. "*" matches no password.
if [ "$(getent shadow "$user" | cut -d: -f2)" != '*' ]; then
  usermod -p '*' "$user"
  changed "user $user: no password (key only)"
fi
home="$(getent passwd "$user" | cut -d: -f6)"
install -d -o "$user" -g "$user" -m 0700 "$home/.ssh"
line="restrict,command=\"sudo -n $root/bin/deploy-server --ssh\" $(awk '{ print $1, $2 }' "$key") coppertone-deploy"
tmp="$(mktemp)"
echo "$line" >"$tmp"
if ! cmp -s "$tmp" "$home/.ssh/authorized_keys"; then
  install -o "$user" -g "$user" -m 0600 "$tmp" "$home/.ssh/authorized_keys"
  changed "$home/.ssh/authorized_keys (forced command)"
fi
echo "$user ALL=(root) NOPASSWD: $root/bin/deploy-server --ssh" >"$tmp"
visudo -cqf "$tmp" || { rm -f "$tmp"; echo "sudoers rule rejected by visudo" >&2; exit 1; }
if ! cmp -s "$tmp" "/etc/sudoers.d/$sudoers_name"; then
  install -o root -g root -m 0440 "$tmp" "/etc/sudoers.d/$sudoers_name"
  changed "/etc/sudoers.d/$sudoers_name"
fi
rm -f "$tmp"
echo "install: done ($root; settings go in $root/etc/<env>.env, pgBackRest's in $root/etc/<env>.pgbackrest.conf, docs/go-live.md)"
