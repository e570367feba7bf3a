# shellcheck shell=bash
# `nginx -t` on every configuration the edge image renders (production, staging, with and without
# the Gitea, Matrix and admin sites, a blue/green release set, the test site), each rendered by the real
# entrypoint, and the bad input it must refuse, naming it. Sourced by run.sh (lib.sh first); uses
# $WORK (the run's temp directory) and $TLS (make_tls's directory).

# Renders the site with the entrypoint and checks it; the rest are environment assignments.
# nginx_t ROOT SITE [NAME=value…] → prints the entrypoint's and nginx's output; fails when either
# fails or nginx warns.
nginx_t() {
  local root="$1" site="$2" out
  shift 2
  out="$(in_root "$root" env -i PATH=/usr/sbin:/usr/bin:/bin "$@" sh /etc/nginx/edge-entrypoint.sh "$site" -t 2>&1 >/dev/null)" || {
    printf '%s\n' "$out"
    return 1
  }
  printf '%s\n' "$out"
  grep -q 'test is successful' <<<"$out" && ! grep -Eq '\[(warn|emerg|alert|crit)\]' <<<"$out"
}

# The entrypoint refuses: refused ROOT SITE "message part" [NAME=value…] (exit 64, the message on
# stderr, nginx never started).
refused() {
  local root="$1" site="$2" want="$3" out rc=0
  shift 3
  out="$(in_root "$root" env -i PATH=/usr/sbin:/usr/bin:/bin "$@" sh /etc/nginx/edge-entrypoint.sh "$site" -t 2>&1 >/dev/null)" || rc=$?
  printf '%s\n' "$out"
  [ "$rc" -eq 64 ] && grep -qF -- "$want" <<<"$out" && ! grep -q 'nginx:' <<<"$out"
}

# A rendered site names the expected server: rendered ROOT PATTERN (after an nginx_t).
rendered() { grep -Eq "$2" "$1/tmp/edge-sites.conf" "$1/tmp/edge-main-extra.conf"; }

# The edge's own pages carry the web's page headers (headers.conf = the all-in-one server's
# PAGE_HEADERS, compared by apps/server/src/headers.test.ts) with only the policy changed: the
# values of every other header are equal, so the copies cannot drift apart.
page_headers_match() {
  local name value other bad=0
  while read -r name value; do
    [ "$name" = Content-Security-Policy ] && continue
    other="$(awk -v n="$name" '$1 == "add_header" && $2 == n { $1 = ""; $2 = ""; sub(/^  /, ""); print }' deploy/nginx/edge-page-headers.conf)"
    [ "$other" = "$value" ] || { echo "$name: headers.conf $value, edge-page-headers.conf ${other:-none}"; bad=1; }
  done < <(awk '$1 == "add_header" { n = $2; $1 = ""; $2 = ""; sub(/^  /, ""); print n, $0 }' deploy/nginx/headers.conf)
  return "$bad"
}

config_checks() {
  check "the edge's own pages send the web's page headers (headers.conf), only their CSP differs" page_headers_match

  local root="$WORK/config" release
  edge_root "$root" "$TLS"
  admin_htpasswd "$root" operator "$(openssl rand -hex 16)"
  release="$root/etc/release"

  check "nginx -t: production, no optional site (EDGE_SITES unset)" \
    nginx_t "$root" prod DOMAIN=coppertonetech.com
  check "nginx -t: production, EDGE_SITES=none" nginx_t "$root" prod DOMAIN=coppertonetech.com EDGE_SITES=none
  check "nginx -t: production with Gitea (EDGE_SITES=gitea)" \
    nginx_t "$root" prod DOMAIN=coppertonetech.com EDGE_SITES=gitea
  check "  … renders server_name gitea.coppertonetech.com" rendered "$root" 'server_name gitea\.coppertonetech\.com;'
  check "nginx -t: production with Matrix (EDGE_SITES=matrix)" \
    nginx_t "$root" prod DOMAIN=coppertonetech.com EDGE_SITES=matrix
  check "  … renders matrix.coppertonetech.com and its delegation on the main site" \
    rendered "$root" '"m.server":"matrix\.coppertonetech\.com:443"'
  check "nginx -t: production with both (EDGE_SITES='gitea matrix', space-separated)" \
    nginx_t "$root" prod DOMAIN=coppertonetech.com "EDGE_SITES=gitea matrix"
  check "nginx -t: production with the admin site (EDGE_SITES=admin, its password file mounted)" \
    nginx_t "$root" prod DOMAIN=coppertonetech.com EDGE_SITES=admin
  check "  … renders server_name admin.coppertonetech.com" rendered "$root" 'server_name admin\.coppertonetech\.com;'
  check "nginx -t: staging (DOMAIN=staging.coppertonetech.com, EDGE_SITES=gitea,matrix,admin)" \
    nginx_t "$root" prod DOMAIN=staging.coppertonetech.com EDGE_SITES=gitea,matrix,admin
  check "  … renders the staging names" rendered "$root" 'server_name matrix\.staging\.coppertonetech\.com;'
  check "  … and admin.staging…" rendered "$root" 'server_name admin\.staging\.coppertonetech\.com;'
  check "nginx -t: the test site (plain HTTP)" nginx_t "$root" test

  # A blue/green deploy mounts the live set's names (deploy/server/deploy-server.sh writes this).
  mkdir -p "$release"
  # shellcheck disable=SC2016 # an nginx variable
  printf 'map $host $release_prefix { default "coppertone-production-blue-"; }\n' >"$release/upstream.conf"
  chmod -R a+rX "$release"
  check "nginx -t: production routing to a release set (release/upstream.conf mounted)" \
    nginx_t "$root" prod DOMAIN=coppertonetech.com EDGE_SITES=gitea,matrix
  check "nginx -t: the deploy's preview (test site with a release set)" nginx_t "$root" test
  rm -rf "$release"

  check "bad input: EDGE_SITES=matrix without DOMAIN stops, naming DOMAIN" \
    refused "$root" prod "EDGE_SITES=matrix needs DOMAIN" EDGE_SITES=matrix
  check "bad input: an unknown EDGE_SITES name stops, naming it" \
    refused "$root" prod "EDGE_SITES names 'gitlab'; expected gitea, matrix, admin or none" \
    DOMAIN=coppertonetech.com EDGE_SITES=gitea,gitlab
  check "bad input: a DOMAIN that is not a host name is never written into nginx's configuration" \
    refused "$root" prod "needs DOMAIN" 'DOMAIN=example.com; include /etc/passwd' EDGE_SITES=gitea
  check "bad input: a DOMAIN with a line break is refused" \
    refused "$root" prod "needs DOMAIN" "DOMAIN=$(printf 'a.test\nb.test')" EDGE_SITES=matrix
  check "bad input: an unknown site stops, naming it (staging runs 'prod' with its own DOMAIN)" \
    refused "$root" staging "unknown site 'staging' (expected prod or test)"
  check "bad input: a file of the image is not a site ('common')" \
    refused "$root" common "unknown site 'common'"

  # The admin site's password file: missing, or holding a hash that is not bcrypt.
  local htpasswd="$root/secrets/edge-admin/htpasswd"
  mv "$htpasswd" "$htpasswd.away"
  check "bad input: EDGE_SITES=admin without its password file stops, naming the file" \
    refused "$root" prod "EDGE_SITES names admin but /run/secrets/edge-admin/htpasswd is missing" \
    DOMAIN=coppertonetech.com EDGE_SITES=gitea,admin
  cp -p "$htpasswd.away" "$htpasswd"
  printf 'other:%s\n' "$(openssl passwd -apr1 "$(openssl rand -hex 8)")" >>"$htpasswd"
  check "bad input: a password file with a non-bcrypt line (apr1 MD5) is refused" \
    refused "$root" prod "holds a line that is not name:<bcrypt hash>" DOMAIN=coppertonetech.com EDGE_SITES=admin
  mv -f "$htpasswd.away" "$htpasswd"

  local out
  out="$(EDGE_ADMIN_PASSWORD=short-password deploy/server/provision-admin-auth --dir "$WORK/auth" 2>&1)" && out="$out (exit 0)"
  check "bad input: provision-admin-auth refuses a password under 20 characters, writing nothing" \
    bash -c "grep -q 'use at least 20' <<<'$out' && [ ! -e '$WORK/auth/htpasswd' ]"
  out="$(EDGE_ADMIN_PASSWORD="$(openssl rand -hex 16)" deploy/server/provision-admin-auth --dir "$WORK/auth" --user 'a:b' 2>&1)" && out="$out (exit 0)"
  check "bad input: provision-admin-auth refuses a user name with a colon" grep -q "letters, digits" <<<"$out"

  # A missing certificate: nginx names the file instead of starting without TLS.
  mv "$root/etc/tls/fullchain.pem" "$root/etc/tls/fullchain.pem.away"
  out="$(nginx_t "$root" prod DOMAIN=coppertonetech.com 2>&1)" || true
  check "bad input: a missing certificate fails the check, naming /etc/nginx/tls/fullchain.pem" \
    grep -q 'cannot load certificate "/etc/nginx/tls/fullchain.pem"' <<<"$out"
  mv "$root/etc/tls/fullchain.pem.away" "$root/etc/tls/fullchain.pem"
}
