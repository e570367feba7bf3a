# shellcheck shell=bash
# Shared by the edge's tests (run.sh, config-checks.sh, live-checks.sh): results, the edge's file
# layout made in a temp directory, and running nginx in it. Sourced, never run.
#
# The edge's configuration names absolute paths (/etc/nginx, /tmp, /var/www, /etc/resolv.conf), as
# inside its image. The tests give each nginx a private mount namespace in which those paths are
# bind mounts of a directory of the test's own, and run it as user 101 like the image: the files
# under test are the repository's, unchanged, and nothing of the host's is touched.

# shellcheck disable=SC2034 # for live-setup.sh: the images' user, as in-root runs nginx
EDGE_UID=101
# Results (passed, failed, ok, not_ok, check), shared with the other shell test suites.
# shellcheck source=scripts/lib/results.sh
. scripts/lib/results.sh

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() {
  printf 'edge test: FAILED: %s\n' "$*" >&2
  exit 1
}

# same GOT WANT: equal, or say both (for check's output).
same() {
  [ "$1" = "$2" ] || {
    printf 'got:      %s\nexpected: %s\n' "$1" "$2"
    return 1
  }
}

# Installs the Debian packages the tests need when one is missing.
edge_need_tools() {
  local need=()
  [ -x /usr/sbin/nginx ] || need+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] || need+=(libnginx-mod-http-brotli-filter)
  [ -x /bin/busybox ] || need+=(busybox-static)
  [ -x /usr/bin/pebble-challtestsrv ] || need+=(pebble-challtestsrv)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
  [ -x /usr/bin/prometheus ] || need+=(prometheus)
  [ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
  command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
  command -v ip >/dev/null 2>&1 || need+=(iproute2)
  [ ${#need[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${need[*]}"
  timeout 600 apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -o DPkg::Lock::Timeout=300 \
    install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# A certificate authority and one certificate for NAME and its www, gitea, matrix and admin names, made
# per run: make_tls DIR NAME → DIR/ca.pem, DIR/fullchain.pem, DIR/privkey.pem.
make_tls() {
  local dir="$1" name="$2"
  mkdir -p "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=edge test CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$name" \
    -keyout "$dir/privkey.pem" -out "$dir/site.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:www.%s,DNS:gitea.%s,DNS:matrix.%s,DNS:admin.%s\n' "$name" "$name" "$name" "$name" "$name" \
    >"$dir/san.ext"
  openssl x509 -req -in "$dir/site.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/san.ext" -out "$dir/site.pem" 2>/dev/null
  cat "$dir/site.pem" "$dir/ca.pem" >"$dir/fullchain.pem"
  rm -f "$dir/ca.key" "$dir/site.csr" "$dir/ca.srl"
}

# The edge image's file layout in ROOT: etc/ (/etc/nginx: the repository's edge-*.conf, the
# entrypoint, Debian's mime.types, tls/ from TLS_DIR), www/ (/var/www: acme/, edge/ = errors/),
# tmp/ (/tmp), resolv.conf. edge_root ROOT TLS_DIR
edge_root() {
  local root="$1" tls="$2"
  mkdir -p "$root/etc/tls" "$root/www/acme/.well-known/acme-challenge" "$root/www/edge" "$root/tmp"
  cp deploy/nginx/edge-*.conf deploy/nginx/edge-entrypoint.sh /etc/nginx/mime.types "$root/etc/"
  cp deploy/nginx/errors/* "$root/www/edge/"
  cp "$tls/fullchain.pem" "$tls/privkey.pem" "$root/etc/tls/"
  echo 'nameserver 127.0.0.1' >"$root/resolv.conf"
  chmod 1777 "$root/tmp"
  chmod -R a+rX "$root/etc" "$root/www"
}

# The web image's layout in ROOT: etc/ (web.conf as nginx.conf, headers.conf, mime.types),
# www/site/ (the files to serve), tmp/. web_root ROOT
web_root() {
  local root="$1"
  mkdir -p "$root/etc" "$root/www/site" "$root/tmp"
  cp deploy/nginx/web.conf "$root/etc/nginx.conf"
  cp deploy/nginx/headers.conf /etc/nginx/mime.types "$root/etc/"
  chmod 1777 "$root/tmp"
}

# The admin site's password file in ROOT/secrets/edge-admin (in-root mounts ROOT/secrets at
# /run/secrets), made by the operators' own tool (deploy/server/provision-admin-auth: bcrypt,
# readable by the edge's user only): admin_htpasswd ROOT USER PASSWORD
admin_htpasswd() {
  local root="$1" user="$2" password="$3"
  mkdir -p "$root/secrets"
  chmod 755 "$root/secrets"
  EDGE_ADMIN_PASSWORD="$password" deploy/server/provision-admin-auth --dir "$root/secrets/edge-admin" \
    --user "$user" --owner "$EDGE_UID:$EDGE_UID" >/dev/null
}

# Runs a command as user 101 with ROOT's layout (in-root says how). in_root ROOT command…
in_root() { deploy/nginx/test/in-root "$@"; }

# Stops a daemon the test started, by its PID (a `timeout` wrapping it passes the signal on).
stop_pid() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}
