#!/usr/bin/env bash
# `npm run dns:test`: scripts/dns-check against a real DNS server, Debian's pebble-challtestsrv on
# 127.0.0.1 (DNS on :20253, its management API on :20255: DNS_TEST_PORT / DNS_TEST_API_PORT), with
# the zone set through that API: every record correct, then each one missing or pointing
# elsewhere in turn (the check must fail naming that record), a resolver that does not answer,
# and bad usage. Needs pebble (/usr/bin/pebble-challtestsrv), bind9-dnsutils (dig), curl.
# The last line is `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
dns_port="${DNS_TEST_PORT:-20253}"
api="http://127.0.0.1:${DNS_TEST_API_PORT:-20255}"
# shellcheck source=scripts/lib/results.sh
. scripts/lib/results.sh
work="$(mktemp -d)"
srv_pid=""
cleanup() {
  local code=$?
  if [ -n "$srv_pid" ] && kill -0 "$srv_pid" 2>/dev/null; then kill "$srv_pid"; fi
  rm -rf "$work"
  [ "$code" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo "dns-check tests: $(($(date +%s) - started)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
trap cleanup EXIT
trap 'exit 143' TERM INT # a stopped run counts as failed (the EXIT trap sees 143)
# A failed check shows the output it looked at ($work/out).
not_ok_showing_output() {
  not_ok "$@"
  sed 's/^/    /' "$work/out"
}

for tool in pebble-challtestsrv dig curl shellcheck; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (apt-get install pebble bind9-dnsutils curl shellcheck)"; exit 1; }
done
if shellcheck -x scripts/dns-check scripts/dns-check.test.sh >"$work/out" 2>&1; then ok "dns-check passes shellcheck"; else not_ok_showing_output "dns-check passes shellcheck"; fi

# No default answers: a name nobody set is missing, as on a real zone.
timeout 600 pebble-challtestsrv -defaultIPv4 "" -defaultIPv6 "" -dns01 "127.0.0.1:$dns_port" -http01 "" \
  -https01 "" -tlsalpn01 "" -management "127.0.0.1:${DNS_TEST_API_PORT:-20255}" >"$work/challtestsrv.log" 2>&1 &
srv_pid=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null --max-time 1 -X POST -d '{"ip":""}' "$api/set-default-ipv4" && break
  sleep 0.1
done

D=example.test
IP=203.0.113.10
IP6=2001:db8::10
post() { curl -sf --max-time 5 -X POST -d "$2" "$api/$1" >/dev/null || { echo "challtestsrv API $1 failed"; exit 1; }; }
a() { post clear-a "{\"host\":\"$1.\"}"; [ -z "$2" ] || post add-a "{\"host\":\"$1.\",\"addresses\":[\"$2\"]}"; }
aaaa() { post clear-aaaa "{\"host\":\"$1.\"}"; [ -z "$2" ] || post add-aaaa "{\"host\":\"$1.\",\"addresses\":[\"$2\"]}"; }
caa() { # caa NAME [TAG VALUE]...
  local host="$1" policies="" sep=""
  shift
  post clear-caa "{\"host\":\"$host.\"}"
  while [ $# -gt 0 ]; do
    policies="$policies$sep{\"tag\":\"$1\",\"value\":\"$2\"}"
    sep=,
    shift 2
  done
  [ -z "$policies" ] || post add-caa "{\"host\":\"$host.\",\"policies\":[$policies]}"
}
txt() { # txt NAME [VALUE]...: the name's TXT records, replaced
  local host="$1"
  shift
  post clear-txt "{\"host\":\"$host.\"}"
  for v in "$@"; do post set-txt "{\"host\":\"$host.\",\"value\":\"$v\"}"; done
}
correct_zone() {
  local n
  for n in "$D" "www.$D" "gitea.$D" "matrix.$D" "staging.$D" "www.staging.$D"; do
    a "$n" "$IP"
    aaaa "$n" "$IP6"
    caa "$n"
  done
  caa "$D" issue letsencrypt.org iodef "mailto:security@$D"
  txt "$D" "v=spf1 include:_spf.smtp.example -all" "google-site-verification=abc"
  txt "_dmarc.$D" "v=DMARC1; p=quarantine; rua=mailto:dmarc@$D"
  txt "mail._domainkey.$D" "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
}
check_args=("$D" "$IP" --ipv6 "$IP6" --staging --dkim-selector mail --server "127.0.0.1:$dns_port")

# passes "what" [args…]: dns-check exits 0.
passes() {
  local what="$1"
  shift
  if timeout 60 scripts/dns-check "$@" >"$work/out" 2>&1; then ok "$what"; else not_ok_showing_output "$what (exit $?)"; fi
}
# fails_naming "what" "text naming the record" [args…]: exit 1, and the problem list names it.
fails_naming() {
  local what="$1" text="$2" rc=0
  shift 2
  timeout 60 scripts/dns-check "$@" >"$work/out" 2>&1 || rc=$?
  if [ "$rc" -eq 1 ] && sed -n '/problem(s):/,$p' "$work/out" | grep -qF -- "$text"; then ok "$what"; else not_ok_showing_output "$what (exit $rc; expected 1 naming: $text)"; fi
}

correct_zone
passes "every record correct: exit 0" "${check_args[@]}"
if grep -q "ok    A      gitea.$D  *$IP" "$work/out" && grep -q "ok    AAAA   matrix.$D  *$IP6" "$work/out" &&
  grep -q "ok    CAA    $D  *0 issue \"letsencrypt.org\"" "$work/out" && grep -q 'every record is as expected' "$work/out"; then
  ok "it reports what resolves where"
else not_ok_showing_output "it reports what resolves where"; fi
passes "the resolver as @HOST -p style argument (@127.0.0.1:PORT)" "$D" "$IP" --ipv6 "$IP6" --staging --dkim-selector mail "@127.0.0.1:$dns_port"

a "gitea.$D" ""
fails_naming "gitea's A record missing" "A gitea.$D: missing (expected $IP)" "${check_args[@]}"
passes "gitea not run here (--sites matrix): its missing record is not asked for" "$D" "$IP" --ipv6 "$IP6" --sites matrix --staging --dkim-selector mail --server "127.0.0.1:$dns_port"
correct_zone
a "www.$D" 198.51.100.7
fails_naming "www pointing elsewhere" "A www.$D: points to 198.51.100.7 (expected $IP)" "${check_args[@]}"
correct_zone
post add-a "{\"host\":\"$D.\",\"addresses\":[\"198.51.100.8\"]}"
fails_naming "the apex with a second, stray address" "A $D: points to 198.51.100.8 $IP" "${check_args[@]}"
correct_zone
aaaa "matrix.$D" 2001:db8::99
fails_naming "matrix's AAAA pointing elsewhere" "AAAA matrix.$D: points to 2001:db8::99" "${check_args[@]}"
correct_zone
aaaa "$D" ""
fails_naming "the apex's AAAA missing (with --ipv6)" "AAAA $D: missing" "${check_args[@]}"
correct_zone
fails_naming "an AAAA record the check was not told about (no --ipv6)" "AAAA $D: points to $IP6, but no --ipv6 was given" \
  "$D" "$IP" --dkim-selector mail --server "127.0.0.1:$dns_port"
a "www.staging.$D" ""
fails_naming "staging's www missing" "A www.staging.$D: missing" "${check_args[@]}"
correct_zone
a "staging.$D" 198.51.100.9
fails_naming "staging pointing elsewhere" "A staging.$D: points to 198.51.100.9 (expected $IP)" "${check_args[@]}"
a "www.staging.$D" 198.51.100.9
passes "staging on its own server: --staging 198.51.100.9 (staging and www.staging there)" \
  "$D" "$IP" --ipv6 "$IP6" --staging 198.51.100.9 --dkim-selector mail --server "127.0.0.1:$dns_port"
passes "--staging-name NAME checks that name instead of staging.DOMAIN" \
  "$D" "$IP" --ipv6 "$IP6" --staging-name "www.$D" --dkim-selector mail --server "127.0.0.1:$dns_port"
correct_zone
caa "$D"
fails_naming "CAA missing" "CAA $D: missing" "${check_args[@]}"
caa "$D" issue pki.goog
fails_naming "CAA allowing another CA" "CAA $D: issue \"pki.goog\" lets pki.goog issue" "${check_args[@]}"
caa "$D" issue letsencrypt.org issuewild sectigo.com
fails_naming "CAA issuewild for another CA beside Let's Encrypt" "CAA $D: issuewild \"sectigo.com\"" "${check_args[@]}"
caa "$D" iodef "mailto:security@$D"
fails_naming "CAA with only iodef (any CA may issue)" "CAA $D: no issue tag" "${check_args[@]}"
correct_zone
caa "gitea.$D" issue digicert.com
fails_naming "a subdomain's own CAA allowing another CA" "CAA gitea.$D: issue \"digicert.com\"" "${check_args[@]}"
correct_zone
txt "$D" "google-site-verification=abc"
fails_naming "SPF missing" "TXT $D: SPF missing" "${check_args[@]}"
txt "$D" "v=spf1 include:_spf.smtp.example +all"
fails_naming "SPF allowing anyone (+all)" "SPF $D: \"v=spf1 include:_spf.smtp.example +all\" does not end in -all or ~all" "${check_args[@]}"
txt "$D" "v=spf1 include:_spf.smtp.example -all" "v=spf1 mx -all"
fails_naming "two SPF records" "SPF $D: 2 SPF records" "${check_args[@]}"
correct_zone
txt "_dmarc.$D"
fails_naming "DMARC missing" "TXT _dmarc.$D: DMARC missing" "${check_args[@]}"
txt "_dmarc.$D" "v=DMARC1; rua=mailto:dmarc@$D"
fails_naming "DMARC without a policy" "DMARC _dmarc.$D: \"v=DMARC1; rua=mailto:dmarc@$D\" has no policy" "${check_args[@]}"
correct_zone
txt "mail._domainkey.$D"
fails_naming "DKIM missing for the given selector" "DKIM mail._domainkey.$D: missing" "${check_args[@]}"
correct_zone
a "gitea.$D" ""
caa "$D"
txt "_dmarc.$D"
timeout 60 scripts/dns-check "${check_args[@]}" >"$work/out" 2>&1 || true
if grep -q '3 problem(s)' "$work/out"; then ok "several problems at once: each is listed (3)"; else not_ok_showing_output "several problems at once: each is listed (3)"; fi

rc=0
timeout 60 scripts/dns-check "$D" "$IP" --server "127.0.0.1:$((dns_port + 1))" >"$work/out" 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && grep -q 'the resolver did not answer' "$work/out" && ! grep -q 'missing' "$work/out"; then
  ok "a resolver that does not answer stops the check, not reported as missing records"
else not_ok_showing_output "a resolver that does not answer stops the check (exit $rc)"; fi
rc=0
scripts/dns-check >"$work/out" 2>&1 || rc=$?
if [ "$rc" -eq 2 ] && grep -q 'DOMAIN and SERVER_IP are required' "$work/out"; then ok "a missing DOMAIN: exit 2 naming it"; else not_ok_showing_output "a missing DOMAIN: exit 2 naming it (exit $rc)"; fi
rc=0
scripts/dns-check "$D" not-an-ip >"$work/out" 2>&1 || rc=$?
if [ "$rc" -eq 2 ] && grep -q "SERVER_IP 'not-an-ip'" "$work/out"; then ok "a bad SERVER_IP: exit 2 naming it"; else not_ok_showing_output "a bad SERVER_IP: exit 2 naming it (exit $rc)"; fi
