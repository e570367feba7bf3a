# shellcheck shell=bash
# The admin site (edge-site-admin.conf) in front of the real Prometheus and Alertmanager and a
# Grafana stand-in (upstreams.ts; Grafana does not install here), started by live-setup.sh: what
# the password lets through and what it does not, the sub-path UIs, the limit on guessing, and that
# none of it shows on the public name. Sourced by run.sh after live-checks.sh.

A="https://$ADMIN:8443"
ROBOTS='X-Robots-Tag=noindex, nofollow'

admin_auth_checks() {
  local q="$A/prometheus/api/v1/query?query=up"
  answer "admin: Prometheus without a password → 401 asking for Basic, noindex" 401 "$q" -- \
    'WWW-Authenticate=Basic realm="Coppertone admin"' "$ROBOTS"
  answer "admin: a wrong password → 401" 401 "$q" -u "$ADMIN_USER:wrong-$ADMIN_PASSWORD" -- "$ROBOTS"
  answer "admin: another user name with the right password → 401" 401 "$q" -u "intruder:$ADMIN_PASSWORD" -- "$ROBOTS"
  answer "admin: the right password → 200 from Prometheus, noindex" 200 "$q" -u "$ADMIN_USER:$ADMIN_PASSWORD" -- "$ROBOTS"
  check "  … its API answers the query (status success, a sample of up)" \
    grep -q '"status":"success".*"__name__":"up".*"value":\[' "$WORK/b"
  fetch "$A/prometheus/" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: Prometheus' UI under the sub-path: / redirects into /prometheus/ (its external URL)" \
    same "$(status) $(header location | cut -c1-12)" "302 /prometheus/"
  # Debian's build serves the classic UI (/classic/graph → /classic/graph/): followed to the page.
  fetch "$A$(header location)" -L -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "  … the page answers (200, HTML) and loads its files from /prometheus/" \
    bash -c "[ '$(status) $(header content-type)' = '200 text/html; charset=utf-8' ] && grep -q 'src=\"/prometheus/' '$WORK/b'"
  fetch "$A/prometheus/classic/static/css/prometheus.css" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "  … and its files load (200, text/css)" same "$(status) $(header content-type)" "200 text/css; charset=utf-8"
  fetch "$A/prometheus/graph" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: a redirect Prometheus makes without the prefix (/graph → /graph/) stays under /prometheus/" \
    same "$(status) $(header location)" "301 /prometheus/graph/"
  fetch "$A/prometheus" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: /prometheus → 308 /prometheus/" same "$(status) $(header location)" "308 /prometheus/"
  fetch "$A/prometheus/-/quit" -X POST -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: Prometheus' /-/quit is not reachable through the edge (404), even with the password" \
    same "$(status)" 404
  check "  … and Prometheus still runs" in_ns "$NS_FN" curl -sf --max-time 5 -o /dev/null \
    "http://$NET_PROMETHEUS:9090/-/ready"
  fetch "$A/prometheus/-/reload" -X POST
  check "  … /-/reload: 404 without the password too (answered before any check)" same "$(status)" 404

  # A new password (provision-admin-auth renames the file in place): taken at once, no restart.
  local old="$ADMIN_PASSWORD"
  ADMIN_PASSWORD="$(openssl rand -hex 16)"
  admin_htpasswd "$WORK/edge" "$ADMIN_USER" "$ADMIN_PASSWORD"
  fetch "$q" -u "$ADMIN_USER:$old"
  check "admin: after a password change the old one is refused (401) without restarting the edge" same "$(status)" 401
  fetch "$q" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "  … and the new one lets in (200)" same "$(status)" 200

  answer "admin: Alertmanager without a password → 401" 401 "$A/alertmanager/api/v2/status" -- "$ROBOTS"
  answer "admin: Alertmanager's API with the password → 200" 200 "$A/alertmanager/api/v2/status" \
    -u "$ADMIN_USER:$ADMIN_PASSWORD" -- "$ROBOTS"
  check "  … its status (cluster disabled: gossip off, as in production)" grep -q '"status":"disabled"' "$WORK/b"
  fetch "$A/alertmanager/" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: Alertmanager's UI page answers under the sub-path (200, HTML)" \
    same "$(status) $(header content-type)" "200 text/html; charset=utf-8"
  fetch "$A/alertmanager/-/reload" -X POST -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: Alertmanager's /-/reload is not reachable through the edge (404)" same "$(status)" 404
}

admin_grafana_checks() {
  answer "admin: / goes to Grafana without nginx's password (Grafana has its own login)" 200 \
    "$A/d/overview?orgId=1&var-env=production" -- "$ROBOTS"
  check "  … the path and query reach Grafana as sent" \
    same "$(json_field requestLine)" "GET /d/overview?orgId=1&var-env=production"
  check "  … with Host, X-Forwarded-Host and X-Forwarded-Proto for its root_url and cookies" \
    same "$(json_field host) $(json_field forwardedHost) $(json_field forwardedProto)" "$ADMIN $ADMIN https"
  check "  … and the client's address (X-Forwarded-For)" same "$(json_field forwardedFor)" 127.0.0.1
  fetch "$A/api/live/ws" --http1.1 -H 'Upgrade: websocket' -H 'Connection: Upgrade'
  check "admin: Grafana Live's WebSocket upgrade is passed on" \
    same "$(json_field upgrade) $(json_field connection)" "websocket upgrade"
  fetch "$A/api/search" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: Grafana receives Authorization (its API keys), the nginx password is not asked" \
    same "$(status) $(json_field authorization)" "200 sent"
  answer "admin: Grafana's /metrics is not public (404)" 404 "$A/metrics" -- "$ROBOTS"
}

admin_public_checks() {
  local path
  for path in '/prometheus/api/v1/query?query=up' /alertmanager/api/v2/status /prometheus /alertmanager; do
    fetch "$S$path" -u "$ADMIN_USER:$ADMIN_PASSWORD"
    check "public name: $path is a 404 (the web's page), even with the password" \
      same "$(status) $(grep -c '<title>Not found</title>' "$WORK/b")" "404 1"
  done
  fetch "$S/api/live/ws"
  check "public name: Grafana's paths are not there either (/api/live/ws → the API's 404)" same "$(status)" 404
}

# The access log of an admin request: JSON with the timing fields (ms, upstreamMs), and never the
# password.
admin_log_checks() {
  local line
  line="$(grep -F '"path":"/alertmanager/api/v2/status"' "$WORK/edge.log" | grep -F '"status":200' | tail -n 1 || true)"
  check "edge log: the proxied admin request is one JSON line with its path as sent, status, ms and upstreamMs" \
    "$NODE" -e '
      const l = JSON.parse(process.argv[1]);
      const ok = l.service === "edge" && l.status === 200 && typeof l.ms === "number" &&
        /^\d+\.\d{3}$/.test(l.upstreamMs) && l.upstream.endsWith(":9093") && /^[0-9a-f]{32}$/.test(l.requestId);
      if (!ok) { console.error(process.argv[1]); process.exit(1); }' "${line:-{\}}"
  check "edge log: the admin password appears nowhere in it" bash -c "! grep -qF -- '$ADMIN_PASSWORD' '$WORK/edge.log'"
}

# Last: it leaves this client's address over the admin limit for a while.
admin_limit_checks() {
  burst 90 "$A/prometheus/api/v1/status/buildinfo" -u "$ADMIN_USER:$ADMIN_PASSWORD"
  check "admin: 90 requests at once with the right password → the burst passes (200), then 429" \
    same "$(sort -u "$WORK/burst.codes" | tr '\n' ' ')" "200 429 "
  checked_last "  … the 429 carries Retry-After and noindex" 429 "Retry-After=1" "$ROBOTS"
  burst 40 "$A/alertmanager/api/v2/status" -u "$ADMIN_USER:wrong"
  check "  … guesses made while over it are refused unchecked: 429, at most one checked (401) a 1/2 s" \
    bash -c "grep -qx 429 '$WORK/burst.codes' && [ \"\$(grep -cvx 429 '$WORK/burst.codes')\" -le 4 ]"
  answer "  … while Grafana (its own limits) still answers this address" 200 "$A/" --
}

# Run after down_checks stopped the upstreams (the Grafana stand-in with them).
admin_down_checks() {
  answer "admin: Grafana down → the edge's page, 502, noindex" 502 "$A/" -- \
    "Content-Security-Policy=$ERROR_PAGE_CSP" "$ROBOTS" "Cache-Control=no-store"
}

admin_checks() {
  admin_auth_checks
  admin_grafana_checks
  admin_public_checks
  admin_log_checks
  admin_limit_checks
}
