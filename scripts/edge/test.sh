#!/usr/bin/env bash
# The test of `npm run edge:up` / `edge:down`: up; the printed site answers 200 over HTTPS verified
# against the printed root (the page, and an API of a function behind it); HTTP redirects to HTTPS;
# down; then nothing listens on any of its ports and its state directory is gone. Takes the
# stack's images as edge:up does (STACK_BUILD=0 STACK_TAG=<tag> to reuse built ones). The last line
# is `N passed, N failed`.
set -uo pipefail
[ "${1:-}" != --help ] || { sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0; }
here="$(cd "$(dirname "$0")" && pwd)"
started=$(date +%s)
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
check() {
  local what="$1"
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

t0=$(date +%s)
bash "$here/up.sh" 2>&1 | tee "$out"
up_status=${PIPESTATUS[0]}
echo "edge:up took $(($(date +%s) - t0)) s"
check "edge:up finishes (exit 0)" test "$up_status" -eq 0
site="$(awk '$1 == "site" { print $2 }' "$out")"
root="$(awk '$1 == "root" { print $3 }' "$out")"
check "edge:up prints https://<name>:18443/ and a readable root .pem" \
  sh -c "echo '$site' | grep -Eq '^https://[a-z0-9.-]+:18443/\$' && [ -r '$root' ] && grep -q 'BEGIN CERTIFICATE' '$root'"
name="$(echo "$site" | sed -E 's#https://([^:/]+):.*#\1#')"
https() { curl -sS -o /dev/null -w '%{http_code}' --max-time 15 --cacert "$root" --resolve "$name:18443:127.0.0.1" "$@"; }
check "curl --cacert ROOT $site → 200 (the web app behind the TLS edge)" test "$(https "$site")" = 200
check "an API of a function behind it answers 200 (${site}api/identity/openapi.json)" test "$(https "${site}api/identity/openapi.json")" = 200
check "www.$name is in the certificate (verifies; the edge answers)" \
  sh -c "curl -sS -o /dev/null --max-time 15 --cacert '$root' --resolve 'www.$name:18443:127.0.0.1' 'https://www.$name:18443/'"
check "the answer carries HSTS" sh -c "curl -sS -D - -o /dev/null --max-time 15 --cacert '$root' --resolve '$name:18443:127.0.0.1' '$site' | grep -qi '^strict-transport-security:'"

t0=$(date +%s)
bash "$here/down.sh"
down_status=$?
echo "edge:down took $(($(date +%s) - t0)) s"
check "edge:down finishes and says nothing listens on its ports" test "$down_status" -eq 0
check "nothing listens on 18443 any more, the root .pem is gone with the state" \
  sh -c "! ss -Hltn | awk '{print \$4}' | grep -q ':18443\$' && [ ! -e '$root' ]"
echo "edge tests: $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
