#!/usr/bin/env bash
# `npm run deploy:rehearse`: the whole path from a built image to a live site, on this machine,
# with the real tools (docs/ci-cd.md). Nothing is mocked:
#   registry  Debian's docker-registry on 127.0.0.1:18450, TLS from a CA made for the run, bcrypt
#             htpasswd (a push user for "CI", a pull user for the server)
#   server    Debian's openssh-server on 127.0.0.1:18422 (own sshd_config, host key, PID file),
#             key-only; deploy/server/install.sh makes the `deploy` user whose key runs only
#             deploy-server (through sudo), which drives root Podman (docs/ci-cd.md says why)
#   commits   five fake SHAs made from the images the stack test built (no rebuild): SHA1 and SHA2
#             are those images with their own revision label (own digests); SHA3 is the same but
#             its identity function answers 503 on every path, so its readiness fails; SHA4's
#             identity is ready and passes the smoke test but answers 500 to everything else;
#             SHA5's edge image adds only nginx configuration (applied by a reload, same edge) and
#             its postgres image a new layer (a new digest); SHA1-SHA4 share one postgres image
#             content (the push gives them one digest: PostgreSQL is never restarted by them)
#   load      deploy/tests/rehearsal-load.ts through nginx during every deploy (~30 requests/s)
# Steps: push the five SHAs (SHA1, then the other four at once); SHA1 (first deploy); SHA2 under
# load (0 failed requests); Prometheus on the environment's networks finds the live set's
# functions; SHA3 under load (its gate fails, it rolls back to SHA2 by itself, the site answers
# throughout); --rollback to SHA1 over a newer expand migration (Prometheus follows the switch);
# SHA4 (the watch after the switch sees its 5xx and rolls back to SHA1) while staging deploys for
# the first time on the same server; the admin site turned on for production (rehearsal-admin.sh:
# TLS, EDGE_SITES=admin, refused without its password file, then 401/200 on
# admin.DOMAIN/prometheus/ from the monitoring compose's Prometheus); SHA5 under load through the
# TLS edge, forward from the rollback: a new edge configuration (same edge, reloaded; the admin site
# kept across the switch of colours) and a new postgres image (fast shutdown, restart on the same
# volume, WAL archiving checked, the data kept; the requests that fail during PostgreSQL's measured
# restart are counted, none outside it); a second deploy started meanwhile is refused; prune; the
# bad inputs (each stops before changing anything, the site untouched); a search for every secret
# it used in its output, the images and the server's files. Prints each step's deploy time and
# failed requests;
# the last line is `N passed, N failed`.
# REHEARSE_STAGE=prepare runs only the steps before the deploys (the fake commits, the registry,
# sshd and the server's settings, the pushes) and leaves them up with their state in
# $REHEARSE_DIR/prepared.env; REHEARSE_STAGE=deploys then goes on from there (from the start when
# nothing prepared is up). CI prepares while npm test runs: none of it adds a network device.
# KEEP=1 leaves the site on http://127.0.0.1:18480/ (and the registry and sshd) for a look from
# outside; `npm run deploy:rehearse:down` removes everything. Run as root (it adds a user, starts
# sshd); images: REHEARSE_TAG, else the commit's (STACK_TAG), else the newest complete set.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../../scripts/stack/lib.sh
. "$here/../../scripts/stack/lib.sh"
# shellcheck source=rehearsal-lib.sh
. "$here/rehearsal-lib.sh"
# shellcheck source=rehearsal-admin.sh
. "$here/rehearsal-admin.sh"
export PATH="$STACK_ROOT/node_modules/.bin:$PATH" # Node 24 for the load generator
R="$REHEARSE_DIR"
started_all=$(date +%s)
passed=0
failed=0
declare -a SUMMARY=()

pass() {
  passed=$((passed + 1))
  printf '  ✓ %s\n' "$*"
}
flunk() {
  failed=$((failed + 1))
  printf '  ✗ %s\n' "$*"
}
check() { # check "description" command…
  local what="$1"
  shift
  if "$@" >/dev/null 2>&1; then pass "$what"; else flunk "$what"; fi
}

STAGE="${REHEARSE_STAGE:-all}"
case "$STAGE" in all | prepare | deploys) ;; *) die "REHEARSE_STAGE is all, prepare or deploys, not '$STAGE'" ;; esac
PREPARED="$R/prepared.env"
finish() {
  local code=$?
  if [ "$STAGE" = prepare ] && [ "$code" -eq 0 ] && [ "$failed" -eq 0 ] && [ -s "$PREPARED" ]; then
    echo
    echo "REHEARSE_STAGE=prepare: the registry, sshd and the server wait for REHEARSE_STAGE=deploys (or npm run deploy:rehearse:down)"
  elif [ "${KEEP:-0}" = 1 ] && [ -d "$R" ]; then
    echo
    echo "KEEP=1: the rehearsal stays up:"
    echo "  site      ${SITE_BASE:-http://127.0.0.1:$REHEARSE_EDGE_PORT}/   (live: $(cat "$REHEARSE_SERVER/var/$REHEARSE_ENV/active" 2>/dev/null))"
    echo "  staging   http://127.0.0.1:$REHEARSE_STAGING_PORT/   (live: $(cat "$REHEARSE_SERVER/var/$REHEARSE_ENV2/active" 2>/dev/null))"
    echo "  registry  https://127.0.0.1:$REHEARSE_REGISTRY_PORT (CA: $R/ca/ca.crt)"
    echo "  sshd      127.0.0.1:$REHEARSE_SSH_PORT (user $REHEARSE_USER; client settings in $R/client.env)"
    echo "  server    $REHEARSE_SERVER (history: var/$REHEARSE_ENV/history.tsv)"
    echo "  tear down: npm run deploy:rehearse:down"
  elif [ -d "$R" ]; then
    echo
    echo "━━ tear-down ━━"
    rehearsal_down
  fi
  [ "$code" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo
  echo "rehearsal: $(($(date +%s) - started_all)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] || exit 1
  exit 0
}

[ "$(id -u)" -eq 0 ] || die "run as root (it adds the deploy user and starts sshd)"
# A prepared stage goes on when its daemons still run; anything else left from an earlier run
# (also a KEEP=1 one) goes first.
resume=0
if [ "$STAGE" = deploys ] && [ -s "$PREPARED" ] && kill -0 "$(cat "$R/registry.pid" 2>/dev/null)" 2>/dev/null &&
  kill -0 "$(cat "$R/sshd.pid" 2>/dev/null)" 2>/dev/null; then
  resume=1
else
  rehearsal_down
  mkdir -p "$R"
  chmod 700 "$R"
fi
exec > >(tee -a "$R/rehearsal.log") 2>&1
trap finish EXIT
trap 'exit 130' INT TERM
[ "$STAGE" != deploys ] || [ "$resume" = 1 ] || log "REHEARSE_STAGE=deploys: nothing prepared is up, so every step runs"
IMAGES=(web identity work contact billing worker edge postgres)
lifetime=$([ "${KEEP:-0}" = 1 ] && echo 43200 || echo 3600) # every daemon ends by itself at the latest then

# What CI would have: its variables and secrets (docs/ci-cd.md).
client_env() {
  export REGISTRY="127.0.0.1:$REHEARSE_REGISTRY_PORT" REGISTRY_OWNER=coppertone REGISTRY_USER=ci-bot
  export REGISTRY_TOKEN="$REGISTRY_PUSH_TOKEN" REGISTRY_CERT_DIR="$R/registry/certs"
  export PRODUCTION_SSH_HOST=127.0.0.1 PRODUCTION_SSH_PORT="$REHEARSE_SSH_PORT"
  PRODUCTION_SSH_KNOWN_HOSTS="[127.0.0.1]:$REHEARSE_SSH_PORT $(cut -d' ' -f1,2 "$R/sshd/host_ed25519_key.pub")"
  PRODUCTION_SSH_KEY="$(cat "$R/ci/deploy_key")"
  export PRODUCTION_SSH_KNOWN_HOSTS PRODUCTION_SSH_KEY DEPLOY_ACTOR=rehearsal
}
deploy() { (client_env && "$STACK_ROOT/scripts/deploy" "$@"); }
# The same server and key as staging (the request names the environment).
as_staging() {
  (
    client_env
    export STAGING_SSH_HOST="$PRODUCTION_SSH_HOST" STAGING_SSH_PORT="$PRODUCTION_SSH_PORT"
    export STAGING_SSH_KNOWN_HOSTS="$PRODUCTION_SSH_KNOWN_HOSTS" STAGING_SSH_KEY="$PRODUCTION_SSH_KEY"
    "$STACK_ROOT/scripts/deploy" staging "$@"
  )
}

if [ "$resume" = 1 ]; then
  # shellcheck source=/dev/null # written by the prepare stage below
  . "$PREPARED"
  log "going on from the prepared stage: images tagged $tag, registry and sshd up, five commits pushed"
  # This stage's bounds, not the prepare stage's, for both environments.
  sed -i -e "s/^DEPLOY_READY_TIMEOUT=.*/DEPLOY_READY_TIMEOUT=${REHEARSE_READY_TIMEOUT:-60}/" \
    -e "s/^DEPLOY_WATCH_SECONDS=.*/DEPLOY_WATCH_SECONDS=${REHEARSE_WATCH_SECONDS:-10}/" \
    "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env" "$REHEARSE_SERVER/etc/$REHEARSE_ENV2.env"
else

phase_begin "tools"
stack_need_tools
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v sudo >/dev/null 2>&1 || need+=(sudo)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus) # scrapes the release sets (run in a container)
if [ ${#need[@]} -gt 0 ]; then
  log "installing Debian packages: ${need[*]}"
  if ! apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT:-600}" update -qq ||
    ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT:-600}" install -y -qq \
      --no-install-recommends "${need[@]}" >/dev/null; then
    die "installing ${need[*]} failed"
  fi
fi
phase_end ok

# ── images: reuse the built set ───────────────────────────────────────────────────────────────
phase_begin "images (reused, five fake commits)"
complete() {
  local t="$1" n
  for n in "${IMAGES[@]}"; do podman image exists "localhost/coppertone/$n:$t" || return 1; done
}
# The edge must know release sets (nginx/edge-common.conf includes release.conf since the deploy work).
edge_ok() {
  podman run --rm --entrypoint /bin/busybox "localhost/coppertone/edge:$1" grep -q release.conf /etc/nginx/edge-common.conf 2>/dev/null
}
tag="${REHEARSE_TAG:-}"
if [ -z "$tag" ] && complete "$STACK_TAG" && edge_ok "$STACK_TAG"; then tag="$STACK_TAG"; fi
if [ -z "$tag" ]; then
  # (listed only when needed: `podman images` reads every image's layers, a minute on a machine
  # holding several hundred)
  for t in $(podman images --sort created --format '{{.CreatedAt}} {{.Tag}}' localhost/coppertone/edge |
    sort -r | awk '{ print $NF }' | grep -Ev '^[0-9a-f]{40}$'); do
    if complete "$t" && edge_ok "$t"; then
      tag="$t"
      break
    fi
  done
fi
if [ -z "$tag" ] || ! complete "$tag" || ! edge_ok "$tag"; then
  die "no complete set of built images with blue/green routing in the edge: run npm run stack:images (or the stack test) first"
fi
log "using the images tagged $tag"
fake_sha() { printf 'coppertone-rehearsal %s %s' "$1" "$tag" | sha1sum | cut -c1-40; }
SHA1="$(fake_sha 1)"
SHA2="$(fake_sha 2)"
SHA3="$(fake_sha 3)"
SHA4="$(fake_sha 4)"
SHA5="$(fake_sha 5)"
echo "$SHA1 $SHA2 $SHA3 $SHA4 $SHA5" >"$R/fake-shas"
mkdir -p "$R/ctx"
for sha in "$SHA1" "$SHA2" "$SHA3" "$SHA4" "$SHA5"; do
  for n in "${IMAGES[@]}"; do
    {
      echo "FROM localhost/coppertone/$n:$tag"
      echo "LABEL org.opencontainers.image.revision=$sha"
      if [ "$sha" = "$SHA3" ] && [ "$n" = identity ]; then
        # Broken on purpose: every path, /readyz included, answers 503.
        echo "CMD [\"-e\", \"require('node:http').createServer((q, s) => { s.statusCode = 503; s.end('broken on purpose'); }).listen(8080)\"]"
      fi
      if [ "$sha" = "$SHA4" ] && [ "$n" = identity ]; then
        # Passes the gate (ready; the smoke test's invite read answers 404) but answers 500 to
        # every other request: the watch after the switch must see it and roll back.
        echo "CMD [\"-e\", \"require('node:http').createServer((q, s) => { s.statusCode = q.url === '/readyz' || q.url === '/healthz' ? 200 : q.url.startsWith('/invites/deploy-smoke-check') ? 404 : 500; s.end('{}'); }).listen(8080)\"]"
      fi
      if [ "$sha" = "$SHA5" ] && [ "$n" = edge ]; then
        # A new edge configuration and nothing else (same nginx, same entrypoint): one more
        # server, inside the container only. The deploy must apply it by a reload of the running
        # edge, not a new container.
        echo 'USER 0:0'
        echo "RUN [\"/bin/sh\", \"-c\", \"echo 'server { listen 127.0.0.1:8081; location = /rehearsal-config { return 200 sha5; } }' >>/etc/nginx/edge-common.conf\"]"
        echo 'USER 101:101'
      fi
      if [ "$sha" = "$SHA5" ] && [ "$n" = postgres ]; then
        # A rebuilt postgres image (as after a base image or pgBackRest update): one more layer.
        echo "RUN [\"/bin/sh\", \"-c\", \"echo $sha >/usr/local/share/coppertone/rehearsal-upgrade\"]"
      fi
    } >"$R/ctx/Containerfile"
    podman build -q --pull=never --format docker -t "localhost/coppertone/$n:$sha" "$R/ctx" >/dev/null ||
      die "tagging $n for $sha failed"
  done
done
log "SHA1 $SHA1, SHA2 $SHA2, SHA3 $SHA3 (identity never ready), SHA4 $SHA4 (identity ready, then 500s), SHA5 $SHA5 (new edge configuration and postgres image)"
phase_end ok

# ── the registry ──────────────────────────────────────────────────────────────────────────────
phase_begin "registry (docker-registry, TLS, htpasswd) and sshd"
secret() { openssl rand -hex 24; }
mkdir -p "$R/ca" "$R/registry/data" "$R/registry/certs" "$R/ci"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=coppertone rehearsal CA" \
  -keyout "$R/ca/ca.key" -out "$R/ca/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$R/registry/tls.key" -out "$R/registry/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$R/registry/ext"
openssl x509 -req -in "$R/registry/tls.csr" -CA "$R/ca/ca.crt" -CAkey "$R/ca/ca.key" -CAcreateserial -days 2 \
  -extfile "$R/registry/ext" -out "$R/registry/tls.crt" 2>/dev/null
cp "$R/ca/ca.crt" "$R/registry/certs/ca.crt"
REGISTRY_PUSH_TOKEN="$(secret)"   # stands for the bot's write:package token (CI secret REGISTRY_TOKEN)
REGISTRY_PULL_TOKEN="$(secret)"   # stands for the server's read:package token
REGISTRY_HTTP_SECRET="$(secret)"
{
  htpasswd -Bbn ci-bot "$REGISTRY_PUSH_TOKEN"
  htpasswd -Bbn server-pull "$REGISTRY_PULL_TOKEN"
} >"$R/registry/htpasswd" 2>/dev/null
cat >"$R/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $R/registry/data
http:
  addr: 127.0.0.1:$REHEARSE_REGISTRY_PORT
  secret: $REGISTRY_HTTP_SECRET
  tls:
    certificate: $R/registry/tls.crt
    key: $R/registry/tls.key
auth:
  htpasswd:
    realm: coppertone-rehearsal
    path: $R/registry/htpasswd
EOF
chmod 600 "$R/registry/config.yml"
setsid timeout --kill-after=10 "$lifetime" docker-registry serve "$R/registry/config.yml" >"$R/registry.log" 2>&1 &
echo $! >"$R/registry.pid"
for _ in $(seq 1 50); do
  curl -s -o /dev/null --cacert "$R/ca/ca.crt" "https://127.0.0.1:$REHEARSE_REGISTRY_PORT/v2/" && break
  sleep 0.2
done
check "registry answers over TLS (verified with the run's CA) and wants a login" \
  test "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$R/ca/ca.crt" "https://127.0.0.1:$REHEARSE_REGISTRY_PORT/v2/")" = 401

# ── the server: sshd + the deploy user ────────────────────────────────────────────────────────
ssh-keygen -q -t ed25519 -N '' -C coppertone-rehearsal-deploy -f "$R/ci/deploy_key"
mkdir -p "$R/sshd" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$R/sshd/host_ed25519_key"
id "$REHEARSE_USER" >/dev/null 2>&1 || touch "$R/user-made-here"
bash "$STACK_ROOT/deploy/server/install.sh" --root "$REHEARSE_SERVER" --key "$R/ci/deploy_key.pub" \
  --containers-conf "$CONTAINERS_CONF" --sudoers-name "$REHEARSE_SUDOERS" --user "$REHEARSE_USER" | sed 's/^/  /'
cat >"$R/sshd/sshd_config" <<EOF
Port $REHEARSE_SSH_PORT
ListenAddress 127.0.0.1
HostKey $R/sshd/host_ed25519_key
PidFile $R/sshd/sshd.pid
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $REHEARSE_USER
UsePAM no
X11Forwarding no
AllowTcpForwarding no
LoginGraceTime 20
EOF
/usr/sbin/sshd -t -f "$R/sshd/sshd_config" || die "sshd refuses its configuration"
setsid timeout --kill-after=10 "$lifetime" /usr/sbin/sshd -D -f "$R/sshd/sshd_config" -E "$R/sshd.log" &
echo $! >"$R/sshd.pid"
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$REHEARSE_SSH_PORT") 2>/dev/null && break
  sleep 0.2
done

# The server's settings for the environment: throwaway values (they are searched for later).
mkdir -p "$REHEARSE_SERVER/tls"
APP_SECRETS=(POSTGRES_PASSWORD STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET BTCPAY_API_KEY BTCPAY_WEBHOOK_SECRET)
declare -A APP=()
for s in "${APP_SECRETS[@]}"; do APP[$s]="$(secret)"; done
cat >"$REHEARSE_SERVER/etc/$REHEARSE_ENV.env" <<EOF
# The rehearsal's production settings (deploy/tests/rehearse.sh): loopback ports, plain HTTP.
IMAGE_REPO=127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone
REGISTRY_CERT_DIR=$R/registry/certs
DOMAIN=rehearsal.test
PUBLIC_URL=http://127.0.0.1:$REHEARSE_EDGE_PORT
EDGE_SITE=test
EDGE_HTTP_PUBLISH=127.0.0.1:$REHEARSE_EDGE_PORT
EDGE_HTTPS_PUBLISH=127.0.0.1:$REHEARSE_EDGE_TLS_PORT
TLS_CERT_DIR=$REHEARSE_SERVER/tls
POSTGRES_HOST_PORT=$REHEARSE_PG_PORT
POSTGRES_PASSWORD=${APP[POSTGRES_PASSWORD]}
SMTP_URL=smtp://127.0.0.1:2525
CONTACT_NOTIFY_EMAIL=staff@rehearsal.test
STRIPE_SECRET_KEY=sk_test_${APP[STRIPE_SECRET_KEY]}
STRIPE_WEBHOOK_SECRET=whsec_${APP[STRIPE_WEBHOOK_SECRET]}
BTCPAY_URL=http://127.0.0.1:9
BTCPAY_API_KEY=${APP[BTCPAY_API_KEY]}
BTCPAY_STORE_ID=rehearsal
BTCPAY_WEBHOOK_SECRET=${APP[BTCPAY_WEBHOOK_SECRET]}
DEPLOY_PREVIEW_PORT=$REHEARSE_PREVIEW_PORT
DEPLOY_MIN_FREE_MB=2048
DEPLOY_READY_TIMEOUT=${REHEARSE_READY_TIMEOUT:-60}
DEPLOY_WATCH_SECONDS=${REHEARSE_WATCH_SECONDS:-10}
DEPLOY_DRAIN_SECONDS=3
DEPLOY_KEEP_RELEASES=2
EOF
chmod 600 "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"
# Staging on the same server: its own ports, database password and secrets.
declare -A STG=()
for s in "${APP_SECRETS[@]}"; do STG[$s]="$(secret)"; done
sed -e "s/^PUBLIC_URL=.*/PUBLIC_URL=http:\/\/127.0.0.1:$REHEARSE_STAGING_PORT/" \
  -e "s/^EDGE_HTTP_PUBLISH=.*/EDGE_HTTP_PUBLISH=127.0.0.1:$REHEARSE_STAGING_PORT/" \
  -e "s/^EDGE_HTTPS_PUBLISH=.*/EDGE_HTTPS_PUBLISH=127.0.0.1:$((REHEARSE_EDGE_TLS_PORT + 1))/" \
  -e "s/^POSTGRES_HOST_PORT=.*/POSTGRES_HOST_PORT=$((REHEARSE_PG_PORT + 1))/" \
  -e "s/^DEPLOY_PREVIEW_PORT=.*/DEPLOY_PREVIEW_PORT=$((REHEARSE_PREVIEW_PORT - 1))/" \
  -e "s/^POSTGRES_PASSWORD=.*/POSTGRES_PASSWORD=${STG[POSTGRES_PASSWORD]}/" \
  -e "s/^STRIPE_SECRET_KEY=.*/STRIPE_SECRET_KEY=sk_test_${STG[STRIPE_SECRET_KEY]}/" \
  -e "s/^STRIPE_WEBHOOK_SECRET=.*/STRIPE_WEBHOOK_SECRET=whsec_${STG[STRIPE_WEBHOOK_SECRET]}/" \
  -e "s/^BTCPAY_API_KEY=.*/BTCPAY_API_KEY=${STG[BTCPAY_API_KEY]}/" \
  -e "s/^BTCPAY_WEBHOOK_SECRET=.*/BTCPAY_WEBHOOK_SECRET=${STG[BTCPAY_WEBHOOK_SECRET]}/" \
  -e "s/production settings/staging settings/" \
  "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env" >"$REHEARSE_SERVER/etc/$REHEARSE_ENV2.env"
chmod 600 "$REHEARSE_SERVER/etc/$REHEARSE_ENV2.env"

# ── production's WAL archiving (staging keeps it off) ─────────────────────────────────────────
# pgBackRest's settings as docs/go-live.md has them, with a posix repository in the directory the
# deploy mounts at /var/lib/pgbackrest (ROOT/var/<env>/pgbackrest) instead of object storage:
# pgbackrest.conf.example's archive settings, an encrypted repository, a per-run cipher pass.
PGBR_CIPHER_PASS="$(secret)"
PGBR_CONF="$REHEARSE_SERVER/etc/$REHEARSE_ENV.pgbackrest.conf"
sed -e '/^repo1-s3-/d' -e 's|^repo1-type=.*|repo1-type=posix|' -e 's|^repo1-path=.*|repo1-path=/var/lib/pgbackrest/repo|' \
  -e '/^repo1-bundle=/d' -e "s|^repo1-cipher-pass=.*|repo1-cipher-pass=$PGBR_CIPHER_PASS|" \
  -e 's|^spool-path=.*|spool-path=/var/lib/pgbackrest/spool|' \
  "$STACK_ROOT/deploy/backup/pgbackrest.conf.example" >"$PGBR_CONF"
chown root:999 "$PGBR_CONF"
chmod 0640 "$PGBR_CONF"
echo "PGBACKREST_CONF=$PGBR_CONF" >>"$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"
printf '%s' "$REGISTRY_PULL_TOKEN" | podman login --authfile "$REHEARSE_SERVER/etc/registry-auth.json" \
  --cert-dir "$R/registry/certs" --username server-pull --password-stdin "127.0.0.1:$REHEARSE_REGISTRY_PORT" >/dev/null ||
  die "the server's registry login failed"
chmod 600 "$REHEARSE_SERVER/etc/registry-auth.json"

{
  echo "# source this to run scripts/deploy against the rehearsal by hand"
  echo "export REGISTRY=127.0.0.1:$REHEARSE_REGISTRY_PORT REGISTRY_OWNER=coppertone REGISTRY_USER=ci-bot REGISTRY_CERT_DIR=$R/registry/certs"
  echo "export REGISTRY_TOKEN=\"\$(cat $R/ci/registry-token)\""
  echo "export PRODUCTION_SSH_HOST=127.0.0.1 PRODUCTION_SSH_PORT=$REHEARSE_SSH_PORT"
  echo "export PRODUCTION_SSH_KNOWN_HOSTS=\"[127.0.0.1]:$REHEARSE_SSH_PORT $(cut -d' ' -f1,2 "$R/sshd/host_ed25519_key.pub")\""
  echo "export PRODUCTION_SSH_KEY=\"\$(cat $R/ci/deploy_key)\""
} >"$R/client.env"
printf '%s' "$REGISTRY_PUSH_TOKEN" >"$R/ci/registry-token"
chmod 600 "$R/client.env" "$R/ci/registry-token"

# Key-only, and the key runs nothing but the deploy command.
check "sshd: the deploy key cannot open a shell (forced command answers instead)" \
  bash -c "! ssh -T -i '$R/ci/deploy_key' -p $REHEARSE_SSH_PORT -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null $REHEARSE_USER@127.0.0.1 id </dev/null 2>&1 | grep -q 'uid='"
check "sshd: no password login is offered" \
  bash -c "! ssh -p $REHEARSE_SSH_PORT -o BatchMode=yes -o PreferredAuthentications=password -o PubkeyAuthentication=no -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null $REHEARSE_USER@127.0.0.1 true </dev/null"
phase_end ok

# ── push ──────────────────────────────────────────────────────────────────────────────────────
phase_begin "push the five commits"
# SHA1 first: it uploads every layer. The other four share those layers (each pushes its configs,
# manifests and SHA5's new postgres layer), and are pushed at once, as CI jobs of several commits
# would: each `scripts/deploy push` logs in with its own credentials file.
push_one() {
  local t0=$SECONDS
  if deploy push "$1" >"$R/push-$1.log" 2>&1; then echo "ok $((SECONDS - t0))"; else echo "failed $((SECONDS - t0))"; fi >"$R/push-$1.status"
}
push_one "$SHA1"
push_pids=()
for sha in "$SHA2" "$SHA3" "$SHA4" "$SHA5"; do
  push_one "$sha" &
  push_pids+=($!)
done
wait "${push_pids[@]}"
for sha in "$SHA1" "$SHA2" "$SHA3" "$SHA4" "$SHA5"; do
  read -r outcome secs <"$R/push-$sha.status"
  if [ "$outcome" = ok ]; then
    pass "pushed ${sha:0:12} (8 images) in $secs s"
  else
    cat "$R/push-$sha.log"
    flunk "push ${sha:0:12}"
  fi
done
# PostgreSQL's image: one digest for the same content (SHA1-SHA4), a new one for SHA5's new layer.
pg_digest() {
  timeout 60 skopeo inspect --cert-dir "$R/registry/certs" --authfile "$REHEARSE_SERVER/etc/registry-auth.json" --format '{{.Digest}}' \
    "docker://127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/postgres:$1" 2>/dev/null
}
PG_DIGEST_1="$(pg_digest "$SHA1")"
PG_DIGEST_5="$(pg_digest "$SHA5")"
check "the postgres image of SHA1-SHA4 has one digest in the registry (same content, other labels)" \
  bash -c "[ -n '$PG_DIGEST_1' ] && for d in '$(pg_digest "$SHA2")' '$(pg_digest "$SHA3")' '$(pg_digest "$SHA4")'; do [ \"\$d\" = '$PG_DIGEST_1' ] || exit 1; done"
check "SHA5's rebuilt postgres image has its own digest" bash -c "[ -n '$PG_DIGEST_5' ] && [ '$PG_DIGEST_5' != '$PG_DIGEST_1' ]"
check "the registry refuses the push user's token when it is wrong" \
  bash -c "! printf wrong | podman login --authfile '$R/wrong.json' --cert-dir '$R/registry/certs' -u ci-bot --password-stdin 127.0.0.1:$REHEARSE_REGISTRY_PORT"
phase_end ok
# What the deploys need of the steps above, for REHEARSE_STAGE=deploys (secrets included: the
# directory is root's alone, mode 0700, and goes with the tear-down).
(umask 077 && declare -p tag SHA1 SHA2 SHA3 SHA4 SHA5 REGISTRY_PUSH_TOKEN REGISTRY_PULL_TOKEN REGISTRY_HTTP_SECRET \
  APP_SECRETS APP STG PGBR_CIPHER_PASS PGBR_CONF PG_DIGEST_1 PG_DIGEST_5 >"$PREPARED.tmp") && mv "$PREPARED.tmp" "$PREPARED"
[ "$STAGE" != prepare ] || { phase_report; exit 0; }
fi

# ── deploys ───────────────────────────────────────────────────────────────────────────────────
live() { cut -d' ' -f1 "$REHEARSE_SERVER/var/$REHEARSE_ENV/active" 2>/dev/null; }
# The site as the load and the checks reach it: plain HTTP until the admin site turns production's
# edge to `prod` (rehearsal-admin.sh), then its TLS port (a certificate from the run's CA for the
# site's names and 127.0.0.1; HTTP answers 308 there).
SITE_BASE="http://127.0.0.1:$REHEARSE_EDGE_PORT"
site_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$R/ca/ca.crt" "$SITE_BASE$1"; }
load_start() {
  rm -f "$R/load.json"
  NODE_EXTRA_CA_CERTS="$R/ca/ca.crt" setsid timeout --kill-after=5 900 node "$here/rehearsal-load.ts" --base "$SITE_BASE" \
    --rate "${REHEARSE_RATE:-30}" --out "$R/load.json" &
  echo $! >"$R/load.pid"
  sleep 1
}
load_stop() { # prints "sent failed"
  local pid
  pid="$(cat "$R/load.pid")"
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 150); do
    [ -s "$R/load.json" ] && break
    sleep 0.1
  done
  wait "$pid" 2>/dev/null
  rm -f "$R/load.pid"
  node -e 'const c = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    console.log(c.sent, c.failed, JSON.stringify(c.byStatus), JSON.stringify(c.firstFailures));' "$R/load.json" 2>/dev/null ||
    echo "0 -1 {} []"
}

# seconds_since T0: the seconds since T0 (date +%s%N), to a tenth.
seconds_since() { awk -v ns="$(($(date +%s%N) - $1))" 'BEGIN { printf "%.1f", ns / 1e9 }'; }
# deploy_under_load LOG args…: runs scripts/deploy into LOG while the load runs; sets status, secs
# (its time), sent and bad (the requests sent, and failed, meanwhile).
deploy_under_load() {
  local log="$1" t0
  shift
  load_start
  t0=$(date +%s%N)
  deploy "$@" >"$log" 2>&1
  status=$?
  secs="$(seconds_since "$t0")"
  read -r sent bad _ < <(load_stop)
}

# deploy_step LABEL WANT_EXIT LOAD(0/1) args…: runs scripts/deploy, times it, counts failed requests.
deploy_step() {
  local label="$1" want="$2" with_load="$3" t0 status secs sent=- bad=- by="" first=""
  shift 3
  printf '\n── %s ──\n' "$label"
  [ "$with_load" = 1 ] && load_start
  t0=$(date +%s%N)
  deploy "$@" 2>&1 | sed 's/^/  | /'
  status=${PIPESTATUS[0]}
  secs="$(seconds_since "$t0")"
  if [ "$with_load" = 1 ]; then
    read -r sent bad by first < <(load_stop)
    echo "  load: $sent requests, $bad failed $by (machine load average $(cut -d" " -f1-3 /proc/loadavg))"
    [ "$bad" = 0 ] || echo "  first failures: $first"
  fi
  SUMMARY+=("$(printf '%-44s %7s s  exit %s  requests %5s  failed %s' "$label" "$secs" "$status" "$sent" "$bad")")
  if [ "$status" = "$want" ]; then pass "$label: exit $status in $secs s"; else flunk "$label: exit $status (want $want)"; fi
  if [ "$with_load" = 1 ]; then
    if [ "$bad" = 0 ] && [ "$sent" -gt 0 ]; then pass "$label: 0 of $sent requests failed"; else flunk "$label: $bad of $sent requests failed"; fi
  fi
}

phase_begin "deploys"
deploy_step "SHA1: first deploy" 0 0 production "$SHA1"
check "SHA1 is live" test "$(live)" = "$SHA1"
check "the site answers through nginx: / 200" test "$(site_code /)" = 200
check "the sign-in page answers 200" test "$(site_code /auth/login)" = 200
# The deployed PostgreSQL archives WAL: the release's own image, its settings mounted, the check
# the deploy ran, and the same check again from outside the deploy.
PG_C="coppertone-${REHEARSE_ENV}_postgres_1"
pgbr_check() { timeout 180 podman exec -u postgres "$PG_C" pgbackrest --stanza=coppertone --log-level-console=warn check; }
check "PostgreSQL runs the release's postgres image by digest" \
  test "$(podman inspect -f '{{.ImageName}}' "$PG_C")" = "127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/postgres@$PG_DIGEST_1"
check "the deploy ran pgbackrest check after starting PostgreSQL and said archiving works" grep -q "pgbackrest check: WAL archiving works" "$R/rehearsal.log"
archiving_ok() { [ "$(podman exec "$PG_C" psql -U coppertone -d coppertone -Atc 'show archive_mode')" = on ] && pgbr_check; }
check "archive_mode is on and pgbackrest check passes on the server after SHA1" archiving_ok
PG_ID_1="$(podman inspect -f '{{.Id}}' "$PG_C" 2>/dev/null)"
# The environment's bridges keep the MAC address they have (deploy-server pins it): left to the
# kernel it follows the lowest port's, and a set starting or stopping stalled the site for seconds.
bridge_of() { podman network inspect --format '{{.NetworkInterface}}' "coppertone-$REHEARSE_ENV-$1"; }
bridge_mac() { cat "/sys/class/net/$(bridge_of "$1")/address"; }
check "the frontend and backend bridges' MAC addresses are pinned (set, not taken from a port)" \
  bash -c "[ \"\$(cat /sys/class/net/$(bridge_of frontend)/addr_assign_type)\" = 3 ] && [ \"\$(cat /sys/class/net/$(bridge_of backend)/addr_assign_type)\" = 3 ]"
FRONTEND_MAC="$(bridge_mac frontend)"

deploy_step "SHA2 under load" 0 1 production "$SHA2"
check "SHA2 is live" test "$(live)" = "$SHA2"
check "the old set (blue) is gone, one set runs" test "$(podman ps --format '{{.Names}}' | grep -c "^coppertone-$REHEARSE_ENV-blue-")" = 0
check "pulled by digest: the live containers run <repo>@sha256 images" \
  bash -c "podman ps --format '{{.Image}}' | grep -q '^127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/identity@sha256:'"
check "a pg_dump was kept with SHA2" test -s "$REHEARSE_SERVER/var/$REHEARSE_ENV/releases/$SHA2/pre-migrate.dump"
check "the frontend bridge kept its MAC address ($FRONTEND_MAC) while a set started and another stopped" test "$(bridge_mac frontend)" = "$FRONTEND_MAC"

# Prometheus as on the server: on the environment's networks, the release sets' scrape jobs
# (deploy/server/prometheus-release-sets.yml) as they are. The live set's functions must be up,
# labelled with its colour, and only those; after the rollback below, the other colour's.
PROM_PORT=18490
prom_start() {
  mkdir -p "$R/prometheus"
  { printf 'global:\n  scrape_interval: 5s\nscrape_configs:\n'; sed "s/@ENV@/$REHEARSE_ENV/g" "$STACK_ROOT/deploy/server/prometheus-release-sets.yml"; } >"$R/prometheus/prometheus.yml"
  chmod -R a+rX "$R/prometheus"
  podman run -d --name "coppertone-$REHEARSE_ENV-prometheus" --network "coppertone-$REHEARSE_ENV-frontend,coppertone-$REHEARSE_ENV-backend" \
    -p "127.0.0.1:$PROM_PORT:9090" -v /usr/bin/prometheus:/usr/bin/prometheus:ro -v "$R/prometheus:/etc/prometheus:ro" \
    docker.io/library/debian:bookworm-slim timeout "$lifetime" /usr/bin/prometheus --config.file=/etc/prometheus/prometheus.yml \
    --storage.tsdb.path=/tmp/prometheus --web.listen-address=0.0.0.0:9090 >/dev/null
}
# The scrape targets as "job colour health" lines, sorted.
prom_targets() {
  curl -s --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/targets?state=active" |
    node -e 'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => { for (const x of JSON.parse(t).data.activeTargets) console.log(x.labels.job, x.labels.colour, x.health); })' |
    sort
}
# Waits (60 s at most) until the targets are exactly the five functions of the live colour, up.
prom_live_only() {
  local colour want got=""
  colour="$(cut -d' ' -f2 "$REHEARSE_SERVER/var/$REHEARSE_ENV/active")"
  want="$(printf '%s '"$colour"' up\n' billing contact identity work worker | sort)"
  for _ in $(seq 1 60); do
    got="$(prom_targets 2>/dev/null)"
    [ "$got" = "$want" ] && return 0
    sleep 1
  done
  printf '  targets seen: %s\n' "$(paste -sd ',' <<<"$got")" >&2
  return 1
}
if prom_start; then
  check "Prometheus finds the live set's 5 functions by DNS ($(cut -d' ' -f2 "$REHEARSE_SERVER/var/$REHEARSE_ENV/active")), up, and nothing else" prom_live_only
  check "the deploy's textfile metric names the live colour" \
    grep -q "coppertone_deploy_live{env=\"$REHEARSE_ENV\",colour=\"$(cut -d' ' -f2 "$REHEARSE_SERVER/var/$REHEARSE_ENV/active")\",sha=\"$SHA2\"} 1" \
    "$REHEARSE_SERVER/var/metrics/coppertone_deploy_$REHEARSE_ENV.prom"
else
  flunk "Prometheus (Debian's prometheus in a bookworm container) did not start"
fi

# The readiness bound is a server setting. The healthy sets above were ready 5–20 s after their
# start; a release that never gets ready is judged after a short bound, not the generous one the
# healthy deploys keep for a loaded machine (it saves CI two minutes of waiting on a known outcome;
# the gate names every container not ready by then, the broken identity among them).
server_setting() { sed -i "s/^$1=.*/$1=$2/" "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"; }
server_setting DEPLOY_READY_TIMEOUT "${REHEARSE_BROKEN_READY_TIMEOUT:-30}"
deploy_step "SHA3 (broken readiness) under load" 3 1 production "$SHA3"
server_setting DEPLOY_READY_TIMEOUT "${REHEARSE_READY_TIMEOUT:-60}"
check "SHA3 rolled back by itself: SHA2 is live" test "$(live)" = "$SHA2"
check "the history says SHA3 failed-rolled-back" \
  bash -c "grep -P '\t$SHA3\tfailed-rolled-back\t' '$REHEARSE_SERVER/var/$REHEARSE_ENV/history.tsv'"
check "the failed release's logs are kept" test -n "$(ls "$REHEARSE_SERVER/var/$REHEARSE_ENV/releases/$SHA3/logs/" 2>/dev/null)"
check "the alert metric says the last deploy failed" \
  grep -q "coppertone_deploy_last_success{env=\"$REHEARSE_ENV\",sha=\"$SHA3\",outcome=\"failed-rolled-back\"} 0" \
  "$REHEARSE_SERVER/var/metrics/coppertone_deploy_$REHEARSE_ENV.prom"

# A newer release's expand migration (a stand-in row, as its migrator records it) is no obstacle
# to going back: the rollback below runs SHA1's code on that database. Images built before the
# migrator recorded declarations refuse any unknown migration: then the refusal is checked instead.
pg_sql() { podman exec "coppertone-${REHEARSE_ENV}_postgres_1" psql -U coppertone -d coppertone -v ON_ERROR_STOP=1 -qc "$1" >/dev/null; }
EXPAND_M=2099-01-01T0000-rehearsal-expand
tolerant=0
mnt="$(podman image mount "localhost/coppertone/identity:$SHA1")" &&
  grep -q migration_compat "$mnt/app/packages/db/src/migrate.ts" 2>/dev/null && tolerant=1
podman image unmount "localhost/coppertone/identity:$SHA1" >/dev/null 2>&1
if [ "$tolerant" = 1 ]; then
  pg_sql "create table if not exists migration_compat (name varchar(255) primary key, compatibility text not null);
    insert into kysely_migration (name, timestamp) values ('$EXPAND_M', to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'));
    insert into migration_compat (name, compatibility) values ('$EXPAND_M', 'expand')"
  log "applied a stand-in expand migration ($EXPAND_M) that SHA1's code does not know"
else
  EXPAND_M=""
  log "these images' migrator predates expand declarations: the rollback over an expand migration is checked as a refusal (bad input)"
fi
deploy_step "--rollback to SHA1 under load" 0 1 production --rollback "$SHA1"
check "SHA1 is live again" test "$(live)" = "$SHA1"
if [ -n "$EXPAND_M" ]; then
  check "the rollback went over the expand migration, saying so" grep -q "going back over expand migrations.*$EXPAND_M (expand)" "$R/rehearsal.log"
fi
if podman container exists "coppertone-$REHEARSE_ENV-prometheus"; then
  check "after the switch, Prometheus scrapes the new live colour ($(cut -d' ' -f2 "$REHEARSE_SERVER/var/$REHEARSE_ENV/active")) only" prom_live_only
  podman rm -f -t 2 "coppertone-$REHEARSE_ENV-prometheus" >/dev/null 2>&1
fi

# A release that passes the gate but fails under real traffic: the 5xx watch rolls it back (to
# SHA1, the release the rollback above made live). The requests it failed until then are the cost
# (counted, not required to be 0). Meanwhile staging deploys for the first time on the same server:
# its own lock, compose projects, volume, networks, ports and secrets; neither deploy waits for the
# other or touches the other's state.
prod_history_before="$(wc -l <"$REHEARSE_SERVER/var/$REHEARSE_ENV/history.tsv")"
staging_t0=$SECONDS
(as_staging "$SHA1" >"$R/staging.log" 2>&1; echo $? >"$R/staging.status") &
staging_pid=$!
deploy_under_load "$R/sha4.log" production "$SHA4"
sed 's/^/  | /' "$R/sha4.log" | grep -E 'watch|WATCH|ROLLED|switch' || true
SUMMARY+=("$(printf '%-44s %7s s  exit %s  requests %5s  failed %s (until the watch rolled back)' "SHA4 (500s after the switch) under load" "$secs" "$status" "$sent" "$bad")")
echo "  load: $sent requests, $bad failed (before the rollback)"
check "SHA4 (ready, then 500s): the watch rolled it back by itself (exit 3) in $secs s" test "$status" = 3
check "SHA1 is live again after SHA4" test "$(live)" = "$SHA1"
check "the API read answers again after SHA4's rollback" test "$(site_code /api/identity/invites/after-rollback)" = 404
check "the history says SHA4 failed-rolled-back" \
  bash -c "grep -P '\t$SHA4\tfailed-rolled-back\t' '$REHEARSE_SERVER/var/$REHEARSE_ENV/history.tsv'"

wait "$staging_pid"
staging_secs=$((SECONDS - staging_t0))
SUMMARY+=("$(printf '%-44s %7s s  exit %s' "staging: SHA1 (first deploy, beside SHA4)" "$staging_secs" "$(cat "$R/staging.status")")")
if [ "$(cat "$R/staging.status")" = 0 ]; then pass "staging: SHA1 deployed in $staging_secs s, beside production's SHA4"; else
  sed 's/^/  | /' "$R/staging.log"
  flunk "staging: deploy SHA1 (exit $(cat "$R/staging.status"))"
fi
check "staging answers on its own port (127.0.0.1:$REHEARSE_STAGING_PORT)" \
  test "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$REHEARSE_STAGING_PORT/auth/login")" = 200
check "staging has its own projects, volume and networks" bash -c "podman volume exists coppertone-staging_pgdata &&
  podman network exists coppertone-staging-backend && podman ps --format '{{.Names}}' | grep -q '^coppertone-staging-blue-identity$'"
check "each environment's history holds only its own deploys (production: SHA4's one line more; staging: SHA1)" \
  bash -c "[ \$(wc -l <'$REHEARSE_SERVER/var/$REHEARSE_ENV/history.tsv') = $((prod_history_before + 1)) ] &&
    [ \"\$(awk -F'\t' 'NR > 1 { print \$2 }' '$REHEARSE_SERVER/var/$REHEARSE_ENV2/history.tsv')\" = '$SHA1' ]"

phase_end ok

# ── the admin site on production's edge ───────────────────────────────────────────────────────
phase_begin "the admin site (admin.rehearsal.test) on production's edge"
rehearse_admin_on
phase_end ok

# ── SHA5: a new edge configuration and a new postgres image, under load through TLS ────────────
# SHA5's edge image adds only nginx configuration: applied by a reload of the running edge (same
# container, the admin site kept across the switch of colours), so nothing is dropped. Its postgres
# image has a new layer (as after a base image or pgBackRest update), while SHA2-SHA4 carried the
# same postgres image and left it running: the deploy dumps, stops the old container (fast
# shutdown), starts the new image on the same volume, checks WAL archiving, then deploys the set as
# usual. Requests that need the database fail while PostgreSQL restarts: counted, and each must fall
# inside that restart (none outside it, the edge's reload included). Forward from the rollback
# (over the expand migration), while a second deploy tries to start: the lock refuses it.
phase_begin "SHA5 under load: new edge configuration and postgres image"
check "SHA2-SHA4, the rollbacks and the admin site's edge never restarted PostgreSQL (the same container since SHA1)" \
  test "$(podman inspect -f '{{.Id}}' "$PG_C" 2>/dev/null)" = "$PG_ID_1"
check "their deploys said PostgreSQL's image was unchanged" test "$(grep -c 'PostgreSQL: image unchanged' "$R/rehearsal.log")" -ge 3
pg_sql "create table rehearsal_upgrade (n int); insert into rehearsal_upgrade select generate_series(1, 1000)"
edge_id() { podman inspect -f '{{.Id}}' "coppertone-${REHEARSE_ENV}_edge_1" 2>/dev/null; }
edge_before="$(edge_id)"
(sleep 4 && deploy production "$SHA1" >"$R/concurrent.log" 2>&1; echo $? >"$R/concurrent.status") &
concurrent=$!
printf '\n── SHA5 (new edge configuration and postgres image) under load ──\n'
deploy_under_load "$R/sha5.log" production "$SHA5"
wait "$concurrent"
sed 's/^/  | /' "$R/sha5.log"
down="$(sed -n 's/.*it was down for \([0-9.]*\) s.*/\1/p' "$R/sha5.log" | tail -n 1)"
echo "  load: $sent requests, $bad failed; PostgreSQL down for ${down:-?} s"
SUMMARY+=("$(printf '%-44s %7s s  exit %s  requests %5s  failed %s (PostgreSQL down %s s)' "SHA5 (new edge conf. and postgres) under load" "$secs" "$status" "$sent" "$bad" "${down:-?}")")
check "SHA5 (new edge configuration and postgres image) deployed: exit $status in $secs s" test "$status" = 0
check "SHA5 is live" test "$(live)" = "$SHA5"
check "a second deploy during one is refused (exit 2, names the running one)" \
  bash -c "[ \"\$(cat '$R/concurrent.status')\" = 2 ] && grep -q 'another deploy of $REHEARSE_ENV is running' '$R/concurrent.log'"
check "prune (keep 2): SHA2's and SHA3's images are gone, SHA1's (the rollback target) and SHA5's (live) stay" \
  bash -c "! podman image exists 127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/web:$SHA2 &&
    ! podman image exists 127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/web:$SHA3 &&
    podman image exists 127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/web:$SHA1 &&
    podman image exists 127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/web:$SHA5"
check "the edge was reloaded, not replaced (same container), and serves SHA5's configuration" \
  bash -c "[ '$(edge_id)' = '$edge_before' ] && [ \"\$(podman exec coppertone-${REHEARSE_ENV}_edge_1 /bin/busybox wget -q -O - http://127.0.0.1:8081/rehearsal-config)\" = sha5 ]"
check "the deploy said it reloaded the edge with the new configuration" grep -q "edge reloaded with the new release's edge configuration" "$R/sha5.log"
rehearse_admin_after_switch
check "PostgreSQL runs SHA5's postgres image (by digest, with its new layer)" bash -c "
  [ \"\$(podman inspect -f '{{.ImageName}}' $PG_C)\" = '127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/postgres@$PG_DIGEST_5' ] &&
  [ \"\$(podman exec $PG_C cat /usr/local/share/coppertone/rehearsal-upgrade)\" = '$SHA5' ]"
check "the data is all there after the upgrade (1000 rows)" \
  test "$(podman exec "$PG_C" psql -U coppertone -d coppertone -Atc 'select count(*) from rehearsal_upgrade')" = 1000
check "a pg_dump was taken before the upgrade" test -s "$REHEARSE_SERVER/var/$REHEARSE_ENV/releases/$SHA5/pre-migrate.dump"
check "the deploy checked WAL archiving on the new image" grep -q "pgbackrest check: WAL archiving works" "$R/sha5.log"
check "WAL archiving works on the new image (pgbackrest check from outside the deploy)" archiving_ok
check "the deploy measured PostgreSQL's downtime (${down:-none} s)" test -n "$down"
# Every failed request (the last one included) was sent within PostgreSQL's restart: from the step
# that stops it to 20 s after it was healthy (the pools reconnecting; on a loaded two-core machine
# the last failed request was once sent 13 s after, while the new release set was starting). The
# failures' answers are printed, to tell a slow reconnection from anything else.
failures_in_restart() {
  local last from to
  [ "$bad" = 0 ] && return 0
  last="$(node -e 'const c = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); console.log(c.lastFailure.slice(11, 19), c.firstFailure.slice(11, 19))' "$R/load.json")" || return 1
  from="$(sed -n 's/^\([0-9:]\{8\}\) .*── PostgreSQL: new image.*/\1/p' "$R/sha5.log")"
  to="$(sed -n 's/^\([0-9:]\{8\}\) .*PostgreSQL healthy on the new image.*/\1/p' "$R/sha5.log")"
  secs_of() { local h m x; IFS=: read -r h m x <<<"$1"; echo $((10#$h * 3600 + 10#$m * 60 + 10#$x)); }
  read -r last first <<<"$last"
  echo "  failed requests sent from $first to $last; PostgreSQL restart from $from to $to"
  node -e 'const c = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    console.log(`  answers: ${JSON.stringify(c.byStatus)}; first failures: ${c.firstFailures.slice(0, 4).join(", ")}`)' "$R/load.json"
  [ -n "$from" ] && [ -n "$to" ] && [ "$(secs_of "$first")" -ge "$(secs_of "$from")" ] &&
    [ "$(secs_of "$last")" -le $(($(secs_of "$to") + 20)) ]
}
if failures_in_restart; then pass "the $bad failed requests all fell within PostgreSQL's restart, none outside it"; else flunk "requests failed outside PostgreSQL's restart"; fi
deploy_step "SHA5 once more (idempotent)" 0 0 production "$SHA5"
check "the second run changes nothing and says so" grep -q "already live" "$R/rehearsal.log"
(client_env && "$STACK_ROOT/scripts/deploy" production releases) | sed 's/^/  | /'
phase_end ok

# ── bad input: each stops before anything changes ─────────────────────────────────────────────
phase_begin "bad input (each stops, the site untouched)"
state="$REHEARSE_SERVER/var/$REHEARSE_ENV"
fingerprint() { echo "$(live) $(wc -l <"$state/history.tsv") $(podman ps -q --filter "name=^coppertone-$REHEARSE_ENV" | sort | tr '\n' ' ')"; }
before="$(fingerprint)"
refused() { # refused "what" "message part" command…
  local what="$1" msg="$2" out status
  shift 2
  out="$("$@" 2>&1)"
  status=$?
  if [ "$status" = 2 ] && grep -qF -- "$msg" <<<"$out" && [ "$(fingerprint)" = "$before" ] && [ "$(site_code /)" = 200 ]; then
    pass "$what: refused ($msg), nothing changed, the site answers"
  else
    printf '%s\n' "$out" | sed 's/^/  | /'
    flunk "$what (exit $status)"
  fi
}
refused "unknown environment" "unknown environment 'qa'" deploy qa "$SHA1"
without_key() { (client_env && unset PRODUCTION_SSH_KEY && "$STACK_ROOT/scripts/deploy" "$@"); }
wrong_port() { (client_env && PRODUCTION_SSH_PORT=$((REHEARSE_SSH_PORT + 1)) "$STACK_ROOT/scripts/deploy" "$@"); }
mv "$REHEARSE_SERVER/etc/$REHEARSE_ENV2.env" "$R/staging.env.saved"
refused "unknown environment on the server" "unknown environment 'staging' (this server has: production)" as_staging releases
mv "$R/staging.env.saved" "$REHEARSE_SERVER/etc/$REHEARSE_ENV2.env"
refused "missing CI secret" "missing settings: PRODUCTION_SSH_KEY" without_key production "$SHA1"
cp "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env" "$R/env.saved"
grep -v '^STRIPE_WEBHOOK_SECRET=' "$R/env.saved" >"$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"
refused "missing secret on the server" "missing settings in $REHEARSE_SERVER/etc/$REHEARSE_ENV.env: STRIPE_WEBHOOK_SECRET" deploy production "$SHA1"
cp "$R/env.saved" "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"
unknown_sha="$(printf 'never pushed %s' "$tag" | sha1sum | cut -c1-40)"
refused "a SHA not in the registry" "coppertone/web:$unknown_sha is not in the registry" deploy production "$unknown_sha"
refused "unreachable server" "cannot reach deploy@127.0.0.1:$((REHEARSE_SSH_PORT + 1))" wrong_port production "$SHA1"
# A full disk, as the deploy sees it: more free space required than there is.
sed -i 's/^DEPLOY_MIN_FREE_MB=.*/DEPLOY_MIN_FREE_MB=999999999/' "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"
refused "full disk" "not enough free disk for a release" deploy production "$SHA1"
cp "$R/env.saved" "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"
# A deploy while another holds the lock (the real concurrent case ran above; this one holds it long).
# (Its own process group, so that stopping it ends the flock and the sleep that holds the lock.)
setsid flock "$state/lock" sleep 60 &
holder=$!
sleep 0.5
refused "a deploy while the lock is held" "another deploy of $REHEARSE_ENV is running" deploy production "$SHA1"
kill -- "-$holder" 2>/dev/null
wait "$holder" 2>/dev/null
# A rollback across a migration the older code does not know: refused, naming it.
podman exec "coppertone-${REHEARSE_ENV}_postgres_1" psql -U coppertone -d coppertone -qc \
  "insert into kysely_migration (name, timestamp) values ('2099-01-01T0000-rehearsal-contract', now())" >/dev/null
refused "a rollback across an unknown migration" "does not know the migrations applied since: 2099-01-01T0000-rehearsal-contract (contract)" \
  deploy production --rollback "$SHA1"
podman exec "coppertone-${REHEARSE_ENV}_postgres_1" psql -U coppertone -d coppertone -qc \
  "delete from kysely_migration where name = '2099-01-01T0000-rehearsal-contract'" >/dev/null
if [ -z "$EXPAND_M" ]; then
  # Images whose migrator predates expand declarations: even an expand migration stops the rollback.
  pg_sql "create table if not exists migration_compat (name varchar(255) primary key, compatibility text not null);
    insert into kysely_migration (name, timestamp) values ('2099-01-01T0000-rehearsal-expand', now());
    insert into migration_compat (name, compatibility) values ('2099-01-01T0000-rehearsal-expand', 'expand')"
  refused "a rollback over an expand migration to code whose migrator cannot start over it" \
    "does not know the migrations applied since: 2099-01-01T0000-rehearsal-expand (expand)" deploy production --rollback "$SHA1"
  pg_sql "delete from kysely_migration where name = '2099-01-01T0000-rehearsal-expand'"
fi
phase_end ok

# ── secrets ───────────────────────────────────────────────────────────────────────────────────
phase_begin "secrets: output, images, server files"
key_body="$(sed -n '2p' "$R/ci/deploy_key")"
all_secrets=("$REGISTRY_PUSH_TOKEN" "$REGISTRY_PULL_TOKEN" "$REGISTRY_HTTP_SECRET" "$key_body" "$PGBR_CIPHER_PASS")
[ -z "$ADMIN_PASSWORD" ] || all_secrets+=("$ADMIN_PASSWORD") # the admin site's (rehearsal-admin.sh)
for s in "${APP_SECRETS[@]}"; do all_secrets+=("${APP[$s]}" "${STG[$s]}"); done
printf '%s\n' "${all_secrets[@]}" >"$R/secrets.list"
chmod 600 "$R/secrets.list"
# The output: everything this run printed so far, the deploys' server-side logs included.
check "no secret in the rehearsal's output ($(wc -l <"$R/rehearsal.log") lines)" bash -c "! grep -qF -f '$R/secrets.list' '$R/rehearsal.log'"
# The server's files: the settings and the pull credential are where secrets belong; nothing else
# may hold one (history, release logs, dumps' names, edge config, metrics, the deploy user's home).
# (the pgBackRest repository under var/ is encrypted with the cipher pass: never in it in clear)
check "no secret in the server's files (outside etc/<env>.env, etc/<env>.pgbackrest.conf and etc/registry-auth.json) or the deploy user's home" \
  bash -c "! grep -rlF -f '$R/secrets.list' --exclude='$REHEARSE_ENV.env' --exclude='$REHEARSE_ENV2.env' --exclude='$REHEARSE_ENV.pgbackrest.conf' --exclude=registry-auth.json '$REHEARSE_SERVER' ~$REHEARSE_USER"
check "no CI secret (registry push token, SSH private key) anywhere on the server, settings included" \
  bash -c "! printf '%s\n' '$REGISTRY_PUSH_TOKEN' '$key_body' | grep -rlF -f - '$REHEARSE_SERVER' ~$REHEARSE_USER"
# The images as pulled on the server: their configuration (env, labels, history) and every file.
# (the live release's: older ones' tags may be pruned by now; an image not found counts as a leak)
leaks=0
live_sha="$(live)"
for n in "${IMAGES[@]}"; do
  ref="127.0.0.1:$REHEARSE_REGISTRY_PORT/coppertone/$n:$live_sha"
  podman image exists "$ref" || leaks=$((leaks + 1))
  podman image inspect "$ref" | grep -qF -f "$R/secrets.list" && leaks=$((leaks + 1))
  mnt="$(podman image mount "$ref")" || leaks=$((leaks + 1))
  timeout 120 grep -rlF -f "$R/secrets.list" "$mnt" >/dev/null 2>&1 && leaks=$((leaks + 1))
  podman image unmount "$ref" >/dev/null
done
check "no secret in the 8 images of the live release ${live_sha:0:12} (configuration and every file)" test "$leaks" = 0
phase_end ok

printf '\nDeploy steps (deploy time, failed requests under load):\n'
printf '  %s\n' "${SUMMARY[@]}"
phase_report
