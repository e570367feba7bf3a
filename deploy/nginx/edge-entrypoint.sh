#!/bin/sh
# Entry point of the edge image: writes the resolver line for the container network's DNS (nginx
# cannot read /etc/resolv.conf itself), then runs nginx with the site named by the first argument
# (`prod`: TLS, redirects; `test`: plain HTTP).
set -eu
site="${1:-prod}"
[ -f "/etc/nginx/edge-$site.conf" ] || {
  echo "edge: unknown site '$site' (expected prod or test)" >&2
  exit 64
}
ns="$(/bin/busybox awk '$1 == "nameserver" { print $2; exit }' /etc/resolv.conf)"
[ -n "$ns" ] || {
  echo "edge: no nameserver in /etc/resolv.conf" >&2
  exit 1
}
case "$ns" in *:*) ns="[$ns]" ;; esac
echo "resolver $ns valid=10s ipv6=off;" >/tmp/resolver.conf
exec /usr/sbin/nginx -e stderr -c "/etc/nginx/edge-$site.conf" -g 'daemon off;'
