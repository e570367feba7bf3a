#!/usr/bin/env bash
# A targeted testssl.sh scan of the edge (protocols, cipher categories, server defaults and
# preference, HTTP headers; about 80 s here, the full scan ≈ 9 min): fails on any finding rated HIGH
# or CRITICAL and unless exactly TLS 1.2 and 1.3 are offered. Prints the summary: findings per
# severity, the protocols, the non-OK findings.
#   deploy/certs/testssl.sh NAME:PORT ROOT.pem OUTDIR     (connects to 127.0.0.1; TESTSSL_IP to change)
# Used by deploy/certs/test.sh against the edge with pebble's certificate; also by hand against
# `npm run edge:up` (name:18443 and the root it prints).
set -euo pipefail
if [ "${1:-}" = --help ] || [ $# -ne 3 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  [ "${1:-}" = --help ]
  exit $?
fi
target="$1" root="$2" out="$3"
[ -s "$root" ] || { echo "testssl: the root certificate $root is missing" >&2; exit 2; }
bin="$(command -v testssl || command -v testssl.sh)" || { echo "testssl: testssl.sh is not installed (apt-get install testssl.sh)" >&2; exit 2; }
mkdir -p "$out"
json="$out/testssl.json"
rm -f "$json"
t0=$(date +%s)
echo "testssl: scanning $target at ${TESTSSL_IP:-127.0.0.1} (protocols, ciphers, server defaults, headers)"
set +e
timeout "${TESTSSL_TIMEOUT:-600}" "$bin" --quiet --color 0 --warnings batch --add-ca "$root" --ip "${TESTSSL_IP:-127.0.0.1}" \
  --connect-timeout 10 --openssl-timeout 10 -p -S -P -h --jsonfile "$json" "$target" >"$out/testssl.txt" 2>&1
status=$?
set -e
echo "testssl: finished in $(($(date +%s) - t0)) s (exit $status; report $out/testssl.txt)"
[ -s "$json" ] || { tail -n 20 "$out/testssl.txt" >&2; echo "testssl: no JSON report: the scan did not run" >&2; exit 1; }

# Summary: counts per severity, the protocols, and every finding above OK/INFO.
jq -r '[.[] | .severity] | group_by(.) | map("\(.[0]) \(length)") | "findings by severity: " + join(", ")' "$json"
jq -r '[.[] | select(.id | test("^(SSLv2|SSLv3|TLS1|TLS1_1|TLS1_2|TLS1_3)$")) | "\(.id)=\(.finding)"] | "protocols: " + join("; ")' "$json"
jq -r '.[] | select(.severity | test("^(LOW|MEDIUM|HIGH|CRITICAL|WARN)$")) | "  \(.severity) \(.id): \(.finding)"' "$json"

problems=0
high="$(jq '[.[] | select(.severity == "HIGH" or .severity == "CRITICAL")] | length' "$json")"
if [ "$high" -gt 0 ]; then
  echo "testssl: $high finding(s) rated HIGH or CRITICAL"
  problems=1
fi
for old in SSLv2 SSLv3 TLS1 TLS1_1; do
  if ! jq -e --arg id "$old" '.[] | select(.id == $id) | .finding | test("^not offered")' "$json" >/dev/null; then
    echo "testssl: $old is offered (only TLS 1.2 and 1.3 may be)"
    problems=1
  fi
done
for new in TLS1_2 TLS1_3; do
  if ! jq -e --arg id "$new" '.[] | select(.id == $id) | .finding | test("^offered")' "$json" >/dev/null; then
    echo "testssl: $new is not offered"
    problems=1
  fi
done
exit "$problems"
