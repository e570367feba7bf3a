#!/bin/sh
# Gathers Debian's nginx into ROOTFS with exactly the files it needs to run as user 101 from a
# scratch image: the binary, busybox (a shell for entrypoints, wget for health checks), the shared
# libraries of nginx and of each MODULE (copied to the same paths), mime.types, the users and
# groups, and a sticky /tmp. Used by the web image (apps/web/Containerfile) and the edge
# (deploy/nginx/Containerfile) in their nginx stage, after `apt-get install nginx busybox-static`.
#   sh rootfs.sh ROOTFS [MODULE.so ...]
set -eu
r="$1"
shift
mkdir -p "$r/usr/sbin" "$r/bin" "$r/etc/nginx" "$r/tmp" "$r/var/www"
cp /usr/sbin/nginx "$r/usr/sbin/nginx"
cp /bin/busybox "$r/bin/busybox"
ln -s busybox "$r/bin/sh"
for m in "$@"; do
  mkdir -p "$r$(dirname "$m")"
  cp "$m" "$r$m"
done
for lib in $( (ldd /usr/sbin/nginx; for m in "$@"; do ldd "$m"; done) | grep -o '/[^ ]*' | sort -u); do
  mkdir -p "$r$(dirname "$lib")"
  cp -L "$lib" "$r$lib"
done
cp /etc/nginx/mime.types "$r/etc/nginx/mime.types"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnginx:x:101:101:nginx:/nonexistent:/sbin/nologin\n' >"$r/etc/passwd"
printf 'root:x:0:\nnginx:x:101:\n' >"$r/etc/group"
printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
chmod 1777 "$r/tmp"
"$r/usr/sbin/nginx" -V 2>&1 | head -n 1
