#!/usr/bin/env bash
# `npm run server:test`: deploy/server/provision on a Debian 12 root made here, for real, and the
# firewall it leaves proven from outside.
#   root      the project's Debian 12 stand-in image (scripts/stack/base-images.sh) when present,
#             else `debootstrap --variant=minbase bookworm`, cached in ~/.cache/coppertone/ (keyed
#             by suite and mirror); run as a Podman container with NET_ADMIN (ufw needs it), no
#             systemd in it (provision must say it enables units without starting them). Downloaded
#             packages are kept in the cache too, so later runs install without downloading.
#   provision run twice (the second changes nothing and says so per step), then with a compose
#             file that publishes a port on every address (stops naming the step, the firewall
#             stays up with SSH open), then again (finishes).
#   firewall  a network namespace of the test's own ("internet") joined to the container's by a
#             veth pair (ufw always accepts loopback: a loopback test proves nothing): 80/443
#             connect; 5432, 3001, 9101 and 2222 do not, though listening; sshd (the provisioned
#             config) offers publickey only, refuses root, lets the admin in with its key; the
#             sixth SSH connection within 30 s is refused (rate limit).
#   lynis     `lynis audit system` in that root: the hardening index, and every warning either
#             fixed or on the list below of ones that do not apply to the server (with why).
# Needs root, podman, iproute2, openssh-client, python3 (host); the root gets everything else from
# Debian's mirror. The last line is `N passed, N failed`. PROVISION_TEST_KEEP=1 keeps the container
# and the namespace (and prints how to remove them).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
# shellcheck source=scripts/stack/versions.sh
. "$repo/scripts/stack/versions.sh"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$repo/deploy/containers.conf}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/coppertone/provision"
tag="$$"
ctr="coppertone-provision-test-$tag"
netns="cpt-inet-$tag"
veth_in="cpti$tag"
veth_srv="cpts$tag"
server_ip=198.51.100.1 # TEST-NET-2: never routed, never one of Podman's networks
inet_ip=198.51.100.2
started=$(date +%s)
# shellcheck source=scripts/lib/results.sh
. "$repo/scripts/lib/results.sh"
work="$(mktemp -d)"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
declare -a TIMES=()
phase_started=0
phase() {
  [ "$phase_started" -eq 0 ] || TIMES+=("$phase_name $(($(date +%s) - phase_started)) s")
  phase_name="$1"
  phase_started=$(date +%s)
  log "━━ $1"
}
finish() {
  local code=$?
  [ "$phase_started" -eq 0 ] || TIMES+=("$phase_name $(($(date +%s) - phase_started)) s")
  if [ "${PROVISION_TEST_KEEP:-0}" = 1 ]; then
    echo "kept: podman exec -it $ctr bash; ip netns exec $netns …; remove: podman rm -f $ctr; ip netns del $netns; rm -rf $work"
  else
    podman rm -f -t 0 "$ctr" >/dev/null 2>&1 || true
    ip netns del "$netns" 2>/dev/null || true
    rm -rf "$work"
  fi
  [ "$code" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo "phases: ${TIMES[*]/%/;}"
  echo "provision test: $(($(date +%s) - started)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
trap finish EXIT
trap 'exit 143' TERM INT # a stopped run counts as failed (the EXIT trap sees 143)

in_ctr() { timeout 900 podman exec "$ctr" "$@"; }
from_internet() { timeout 30 ip netns exec "$netns" "$@"; }
# connects PORT: a TCP connection from the internet namespace to the server gets an answer.
connects() {
  from_internet timeout 4 bash -c "exec 3<>/dev/tcp/$server_ip/$1 && head -c 2 <&3" 2>/dev/null | grep -qx hi
}
blocked() { ! connects "$1"; }

# ── preflight ───────────────────────────────────────────────────────────────────────────────
[ "$(id -u)" -eq 0 ] || { echo "run as root (network namespaces, ufw)"; exit 1; }
for tool in podman ip ssh ssh-keygen nsenter python3 shellcheck; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (apt-get install podman iproute2 openssh-client util-linux python3 shellcheck)"; exit 1; }
done

phase lint
check "provision, the test and install.sh pass shellcheck" \
  shellcheck -x "$repo/deploy/server/provision" "$repo/deploy/server/install.sh" "$here/provision.sh"
bad="$work/bad-compose.yaml"
cat >"$bad" <<'EOF'
services:
  edge:
    ports: ["${EDGE_HTTP_PORT:-80}:8080", "443:8443"]
  postgres:
    ports: ["5432:5432"]
  identity:
    ports: ["127.0.0.1:9101:8080", {target: 8080, published: 3001}]
EOF
check "the project's compose files publish every port on 127.0.0.1 except the edge's 80/443" \
  python3 "$repo/deploy/server/provision.d/compose-ports.py" "$repo/deploy/compose/prod.yaml" \
  "$repo/deploy/server/server.yaml" "$repo/deploy/server/release.yaml"
python3 "$repo/deploy/server/provision.d/compose-ports.py" "$bad" >"$work/ports.out" 2>&1 && rc=0 || rc=$?
check "the ports check names each port published on every address (postgres 5432, identity 3001) and only those" \
  bash -c "[ $rc -eq 1 ] && grep -q \"postgres: '5432:5432'\" '$work/ports.out' && grep -q 'identity: .*3001' '$work/ports.out' && [ \$(wc -l <'$work/ports.out') -eq 2 ]"

# ── the root ────────────────────────────────────────────────────────────────────────────────
phase root
mkdir -p "$cache/apt-archives/partial"
image="$DEBIAN_IMAGE"
if ! podman image exists "$image"; then
  mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  key="$(printf '%s %s minbase' "$DEBIAN_SUITE" "$mirror" | sha256sum | cut -c1-12)"
  image="localhost/coppertone-test/debian-minbase:$key"
  if ! podman image exists "$image"; then
    if [ ! -s "$cache/root-$key.tar" ]; then
      log "debootstrap --variant=minbase $DEBIAN_SUITE (once; cached as $cache/root-$key.tar)"
      # shellcheck disable=SC2086
      timeout 900 debootstrap --variant=minbase "$DEBIAN_SUITE" "$work/root" $mirror >"$work/debootstrap.log" 2>&1 ||
        { tail -n 20 "$work/debootstrap.log"; echo "debootstrap failed"; exit 1; }
      [ ! -f /etc/apt/sources.list.d/debian.sources ] || cp /etc/apt/sources.list.d/debian.sources "$work/root/etc/apt/sources.list.d/"
      tar --numeric-owner -C "$work/root" -cf "$cache/root-$key.tar.tmp" . && mv "$cache/root-$key.tar.tmp" "$cache/root-$key.tar"
      rm -rf "$work/root"
    fi
    podman import "$cache/root-$key.tar" "$image" >/dev/null
  fi
fi
log "root: $image"
ssh-keygen -q -t ed25519 -N '' -C provision-test-deploy -f "$work/deploy_key"
ssh-keygen -q -t ed25519 -N '' -C provision-test-ops -f "$work/ops_key"
# A day at most, whatever happens to this script.
podman run -d --name "$ctr" --hostname server --cap-add NET_ADMIN --cap-add NET_RAW \
  -v "$repo/deploy:/srv/deploy:ro" -v "$work:/srv/test:ro" -v "$cache/apt-archives:/var/cache/apt/archives" \
  "$image" sleep 86400 >/dev/null
# Like a server (not a slim image): downloaded packages are kept, in the cache mounted above.
in_ctr rm -f /etc/apt/apt.conf.d/docker-clean
provision=(/srv/deploy/server/provision --key /srv/test/deploy_key.pub --admin ops
  --admin-key /srv/test/ops_key.pub --containers-conf /srv/deploy/containers.conf
  --compose /srv/deploy/compose/prod.yaml)

# ── provision, twice ────────────────────────────────────────────────────────────────────────
phase "provision (first run)"
in_ctr "${provision[@]}" >"$work/run1.log" 2>&1 && rc=0 || rc=$?
sed 's/^/    /' "$work/run1.log"
check "the first run finishes (exit 0)" test "$rc" -eq 0
check "the first run prints each step and what it changed" \
  bash -c "grep -q '✓ firewall: [0-9]* change' \"\$1\" && grep -q 'changed: ufw limit 22/tcp' \"\$1\" && grep -q 'changed: ufw enabled' \"\$1\" && grep -q 'changed: /etc/ssh/sshd_config.d/10-coppertone.conf' \"\$1\"" _ "$work/run1.log"
check "without systemd it enables units and says it does not start them" \
  grep -q 'podman-restart.service is enabled, not started' "$work/run1.log"

phase "provision (second run)"
in_ctr "${provision[@]}" >"$work/run2.log" 2>&1 && rc=0 || rc=$?
sed 's/^/    /' "$work/run2.log"
check "the second run finishes (exit 0)" test "$rc" -eq 0
check "the second run changes nothing and says so for each of the 12 steps" \
  bash -c "[ \$(grep -c ': no change (' \"\$1\") -eq 12 ] && ! grep -q 'changed:' \"\$1\" && grep -q 'done: nothing changed' \"\$1\"" _ "$work/run2.log"

phase "what provision left"
in_ctr ufw status verbose >"$work/ufw.txt" 2>&1 || true
check "ufw is active: deny incoming, allow outgoing, deny routed" \
  grep -q 'Default: deny (incoming), allow (outgoing), deny (routed)' "$work/ufw.txt"
check "ufw opens exactly 22 (LIMIT), 80 and 443" bash -c "
  printf '%s\n' '22/tcp LIMIT IN' '22/tcp (v6) LIMIT IN' '443/tcp ALLOW IN' '443/tcp (v6) ALLOW IN' '80/tcp ALLOW IN' '80/tcp (v6) ALLOW IN' >'$work/want.txt'
  awk '/^--/ { on = 1; next } on && NF { sub(/ +Anywhere.*/, \"\"); print }' '$work/ufw.txt' | sed 's/  */ /g' | sort >'$work/rules.txt'
  sort '$work/want.txt' | diff - '$work/rules.txt'"
in_ctr /usr/sbin/sshd -T >"$work/sshd-T.txt" 2>&1 || true
check "sshd (effective config): no passwords, no keyboard-interactive, no root login, publickey only" \
  bash -c "grep -qx 'passwordauthentication no' \"\$1\" && grep -qx 'kbdinteractiveauthentication no' \"\$1\" && grep -qx 'permitrootlogin no' \"\$1\" && grep -qx 'authenticationmethods publickey' \"\$1\"" _ "$work/sshd-T.txt"
check "the deploy user: no password, its key runs only deploy-server (install.sh)" \
  in_ctr bash -c "[ \"\$(getent shadow deploy | cut -d: -f2)\" = '*' ] && grep -q '^restrict,command=\"sudo -n /opt/coppertone/bin/deploy-server --ssh\" ssh-ed25519 ' ~deploy/.ssh/authorized_keys"
check "podman-restart.service (compose projects at boot) is enabled, with the deploy's containers.conf" \
  in_ctr bash -c "systemctl is-enabled podman-restart.service | grep -qx enabled && grep -qx 'Environment=CONTAINERS_CONF=/opt/coppertone/etc/containers.conf' /etc/systemd/system/podman-restart.service.d/10-coppertone.conf"
check "time sync: systemd-timesyncd enabled" in_ctr bash -c "systemctl is-enabled systemd-timesyncd.service | grep -qx enabled"
check "journald limits are in place (SystemMaxUse, SystemKeepFree)" \
  in_ctr grep -q '^SystemMaxUse=' /etc/systemd/journald.conf.d/10-coppertone.conf
check "kernel hardening for the next boot, IP forwarding for Podman left alone" \
  in_ctr bash -c "grep -qx 'kernel.kptr_restrict = 2' /etc/sysctl.d/60-coppertone.conf && ! grep -q '^[^#]*forward' /etc/sysctl.d/60-coppertone.conf"
check "no security update is left to install (apt-get -s upgrade)" \
  in_ctr bash -c "! apt-get -s upgrade | grep -i '^Inst.*security'"
check "unattended-upgrade reads the settings and takes Debian-Security (dry run)" \
  in_ctr bash -c "timeout 300 unattended-upgrade --dry-run -d 2>&1 | grep -q 'Allowed origins are:.*label=Debian-Security'"
check "Podman and podman-compose are installed, with runc (not crun)" \
  in_ctr bash -c "podman --version && podman-compose --version && dpkg -s runc >/dev/null && ! dpkg -s crun >/dev/null 2>&1"

phase "failing half-way"
in_ctr "${provision[@]}" --compose /srv/test/bad-compose.yaml >"$work/run3.log" 2>&1 && rc=0 || rc=$?
check "a compose file publishing 5432 on every address stops the run, naming the step and the port" \
  bash -c "[ $rc -ne 0 ] && grep -q 'stopped in step \"ports\"' \"\$1\" && grep -q \"postgres: '5432:5432'\" \"\$1\"" _ "$work/run3.log"
check "after the failure the firewall is still up with SSH open" \
  in_ctr bash -c "ufw status | grep -qx 'Status: active' && ufw status | grep -q '^22/tcp  *LIMIT'"
in_ctr rm /etc/ssh/sshd_config.d/10-coppertone.conf
in_ctr ufw delete allow 443/tcp >/dev/null
in_ctr "${provision[@]}" >"$work/run4.log" 2>&1 && rc=0 || rc=$?
check "a rerun finishes and puts back what was undone (443, the sshd drop-in)" \
  bash -c "[ $rc -eq 0 ] && grep -q 'changed: ufw allow 443/tcp' \"\$1\" && grep -q 'changed: /etc/ssh/sshd_config.d/10-coppertone.conf' \"\$1\"" _ "$work/run4.log"
in_ctr /srv/deploy/server/provision --key /srv/test/deploy_key.pub >"$work/run5.log" 2>&1 && rc=0 || rc=$?
check "without an admin login it refuses before changing anything (root login would go off)" \
  bash -c "[ $rc -ne 0 ] && grep -q 'stopped in step \"preflight\"' \"\$1\" && grep -q -- '--admin NAME' \"\$1\"" _ "$work/run5.log"

# ── the firewall from outside ───────────────────────────────────────────────────────────────
phase firewall
pid="$(podman inspect -f '{{.State.Pid}}' "$ctr")"
ip netns add "$netns"
ip link add "$veth_in" type veth peer name "$veth_srv"
ip link set "$veth_srv" netns "$pid"
ip link set "$veth_in" netns "$netns"
nsenter -t "$pid" -n ip addr add "$server_ip/24" dev "$veth_srv"
nsenter -t "$pid" -n ip link set "$veth_srv" up
ip -n "$netns" addr add "$inet_ip/24" dev "$veth_in"
ip -n "$netns" link set "$veth_in" up
ip -n "$netns" link set lo up
# Tiny listeners on every address inside the server, each answering "hi": the public ports and
# the ones that must stay closed (PostgreSQL, a function, a metrics port, Gitea's SSH).
podman exec -d "$ctr" timeout 3600 python3 -c '
import socket, threading
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen(16)
    while True:
        c, _ = s.accept(); c.sendall(b"hi"); c.close()
for p in (80, 443, 5432, 3001, 9101, 2222):
    threading.Thread(target=serve, args=(p,), daemon=True).start()
threading.Event().wait()
' >/dev/null
for _ in $(seq 1 50); do
  in_ctr bash -c 'exec 3<>/dev/tcp/127.0.0.1/2222' 2>/dev/null && break
  sleep 0.2
done
# shellcheck disable=SC2016 # expanded inside the container
check "the listeners answer inside the server (so a refusal below is the firewall's)" \
  in_ctr bash -c 'for p in 80 443 5432 3001 9101 2222; do exec 3<>/dev/tcp/127.0.0.1/$p && head -c 2 <&3 | grep -qx hi || exit 1; done'
check "from the internet namespace: 80 connects" connects 80
check "from the internet namespace: 443 connects" connects 443
for port in 5432 3001 9101 2222; do
  check "from the internet namespace: $port does not connect (listening on every address)" blocked "$port"
done

# The provisioned sshd, started by hand (no systemd here).
in_ctr bash -c 'install -d -m 0755 /run/sshd && /usr/sbin/sshd'
ssh_opts=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 -o LogLevel=ERROR)
check "SSH: the admin logs in with its key (and has sudo)" \
  bash -c "ip netns exec '$netns' timeout 20 ssh ${ssh_opts[*]} -o BatchMode=yes -i '$work/ops_key' ops@$server_ip sudo -n id -un | grep -qx root"
ip netns exec "$netns" timeout 20 ssh -v "${ssh_opts[@]/LogLevel=ERROR/LogLevel=DEBUG1}" -o BatchMode=yes -o PubkeyAuthentication=no \
  -o PreferredAuthentications=password,keyboard-interactive "ops@$server_ip" true >"$work/ssh-pw.log" 2>&1 || true
check "SSH: a password login is refused; the server offers publickey only" \
  bash -c "tr -d '\\r' <\"\$1\" | grep -qx 'debug1: Authentications that can continue: publickey' && grep -q 'Permission denied (publickey)' \"\$1\" && ! grep -q 'Authenticated to' \"\$1\"" _ "$work/ssh-pw.log"
in_ctr bash -c 'install -d -m 0700 /root/.ssh && cat /srv/test/ops_key.pub >/root/.ssh/authorized_keys'
check "SSH: root is refused even with an authorized key" \
  bash -c "! ip netns exec '$netns' timeout 20 ssh ${ssh_opts[*]} -o BatchMode=yes -i '$work/ops_key' root@$server_ip true"
# ufw's limit: the sixth connection to 22 from one address within 30 s is refused. Three were made
# above; a few more in a row must hit it.
limited=0
for _ in 1 2 3 4 5 6; do
  from_internet timeout 4 bash -c "exec 3<>/dev/tcp/$server_ip/22 && head -c 4 <&3" 2>/dev/null | grep -q SSH- || { limited=1; break; }
done
check "SSH is rate-limited: repeated connections from one address are refused within 30 s" test "$limited" -eq 1

# ── lynis ───────────────────────────────────────────────────────────────────────────────────
phase lynis
in_ctr bash -c 'DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends install lynis >/dev/null 2>&1'
# ≈ 2.5 min on a quiet machine, over 15 min on a loaded one: a generous bound.
timeout 2400 podman exec "$ctr" lynis audit system --quick --no-colors >"$work/lynis.log" 2>&1 || true
in_ctr cat /var/log/lynis-report.dat >"$work/lynis-report.dat" 2>/dev/null || true
index="$(sed -n 's/^hardening_index=//p' "$work/lynis-report.dat")"
log "lynis hardening index: ${index:-none} (tests performed: $(sed -n 's/^lynis_tests_done=//p' "$work/lynis-report.dat"))"
check "lynis wrote its report (hardening index ${index:-missing})" test -n "$index"
# Warnings that do not apply to this server, and why (the ids are lynis's test ids).
not_applicable='
LOGG-2138 no journald runs in the container (no systemd); on the server systemd-journald takes the kernel messages and lynis skips this test
PKGS-7388 lynis 3.0.8 reads only one-line sources.list entries; Debian 12 writes deb822 files (debian.sources), whose bookworm-security suite provision checks itself
'
sed -n 's/^warning\[\]=//p' "$work/lynis-report.dat" >"$work/warnings.txt"
while IFS='|' read -r id text _; do
  [ -n "$id" ] || continue
  if grep -q "^$id " <<<"$not_applicable"; then
    log "lynis warning $id ($text): not applicable: $(grep "^$id " <<<"$not_applicable" | cut -d' ' -f2-)"
  else
    not_ok "lynis warning $id: $text"
  fi
done <"$work/warnings.txt"
check "lynis: no warning that applies to the server ($(wc -l <"$work/warnings.txt") warning(s) in all)" \
  bash -c "! grep -v -E \"^($(awk 'NF { print $1 }' <<<"$not_applicable" | paste -sd'|'))\\|\" '$work/warnings.txt'"
sed -n 's/^suggestion\[\]=//p' "$work/lynis-report.dat" | cut -d'|' -f1,2 | sed 's/^/    suggestion: /'
phase "done"
