#!/bin/sh
# Entry point of the edge image: writes the resolver line for the container network's DNS (nginx
# cannot read /etc/resolv.conf itself), then runs nginx with the site named by the first argument
# (`prod`: TLS, redirects; `test`: plain HTTP). With `prod`, EDGE_SITES adds the sites of the
# optional services (`gitea`, `matrix`, `admin`: any of them), their server names made from DOMAIN;
# `admin` needs its password file (bcrypt entries only) at $ADMIN_HTPASSWD. Arguments
# after the site go to nginx instead of running it: `edge-entrypoint prod -t` checks the rendered
# configuration and exits.
set -eu
ADMIN_HTPASSWD=/run/secrets/edge-admin/htpasswd
site="${1:-prod}"
[ "$#" -eq 0 ] || shift
case "$site" in
prod | test) ;;
*)
  echo "edge: unknown site '$site' (expected prod or test)" >&2
  exit 64
  ;;
esac
# shellcheck disable=SC2016 # awk's fields
ns="$(/bin/busybox awk '$1 == "nameserver" { print $2; exit }' /etc/resolv.conf)"
[ -n "$ns" ] || {
  echo "edge: no nameserver in /etc/resolv.conf" >&2
  exit 1
}
case "$ns" in *:*) ns="[$ns]" ;; esac
echo "resolver $ns valid=10s ipv6=off;" >/tmp/resolver.conf

# The release set to route to (blue/green deploys: deploy/server/deploy-server.sh mounts the file
# and rewrites it before each `nginx -s reload`); without it, the plain service names.
if [ -f /etc/nginx/release/upstream.conf ]; then
  echo 'include /etc/nginx/release/upstream.conf;' >/tmp/release.conf
else
  # shellcheck disable=SC2016 # nginx variables
  echo 'map $host $release_prefix { default ""; }' >/tmp/release.conf
fi

# The optional sites: server blocks (http level) and locations of the main site, from the
# templates in /etc/nginx with @DOMAIN@ filled in. Always written, so the includes never dangle.
: >/tmp/edge-sites.conf
: >/tmp/edge-main-extra.conf
sites="$(echo "${EDGE_SITES:-}" | /bin/busybox tr ',' ' ')"
seen=" "
for extra in $sites; do
  case "$seen" in *" $extra "*) continue ;; esac
  seen="$seen$extra "
  case "$extra" in
  none) continue ;;
  gitea | matrix | admin) ;;
  *)
    echo "edge: EDGE_SITES names '$extra'; expected gitea, matrix, admin or none" >&2
    exit 64
    ;;
  esac
  domain="${DOMAIN:-}"
  # A host name only (letters, digits, dots, hyphens; no line breaks): it is written into nginx's
  # configuration.
  case "$domain" in
  '' | *[!A-Za-z0-9.-]* | [.-]* | *[.-]) domain_ok=no ;;
  *) domain_ok=yes ;;
  esac
  if [ "$domain_ok" = no ]; then
    echo "edge: EDGE_SITES=$EDGE_SITES needs DOMAIN, the site's domain (e.g. coppertonetech.com); got '$domain'" >&2
    exit 64
  fi
  if [ "$extra" = admin ]; then
    # Without it every admin request would fail at nginx's password check (500); a line that is
    # not `name:<bcrypt hash>` (plain text, MD5, SHA) is a weaker password store than promised.
    if [ ! -s "$ADMIN_HTPASSWD" ] || [ ! -r "$ADMIN_HTPASSWD" ]; then
      echo "edge: EDGE_SITES names admin but $ADMIN_HTPASSWD is missing, empty or unreadable (make it with deploy/server/provision-admin-auth)" >&2
      exit 64
    fi
    # shellcheck disable=SC2016 # a regular expression, not an expansion
    if /bin/busybox grep -Evq '^([^:#][^:]*:\$2[aby]\$[0-9][0-9]\$.{53})?$' "$ADMIN_HTPASSWD"; then
      echo "edge: $ADMIN_HTPASSWD holds a line that is not name:<bcrypt hash> (htpasswd -B)" >&2
      exit 64
    fi
  fi
  /bin/busybox sed "s/@DOMAIN@/$domain/g" "/etc/nginx/edge-site-$extra.conf" >>/tmp/edge-sites.conf
  if [ "$extra" = matrix ]; then
    /bin/busybox sed "s/@DOMAIN@/$domain/g" /etc/nginx/edge-wellknown-matrix.conf >>/tmp/edge-main-extra.conf
  fi
  echo "edge: serving $extra.$domain" >&2
done
[ "$#" -gt 0 ] || set -- -g 'daemon off;'
exec /usr/sbin/nginx -e stderr -c "/etc/nginx/edge-$site.conf" "$@"
