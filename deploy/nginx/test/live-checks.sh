# shellcheck shell=bash
# The checks of the running edge (live-setup.sh starts it). Each answer kind is checked for the
# security headers once each (HSTS with the edge's value: a function's own is replaced, never
# added) and for what an operator or a browser relies on. Sourced by run.sh.

S="https://$NAME:8443"

tls_checks() {
  local c=(openssl s_client -connect 127.0.0.1:8443 -servername "$NAME" -CAfile "$TLS/ca.pem")
  check "TLS 1.3 is accepted" in_edge_ns bash -c "timeout 10 ${c[*]} -tls1_3 </dev/null 2>&1 | grep -q 'Verify return code: 0'"
  check "TLS 1.2 with ECDHE and AES-GCM is accepted" \
    in_edge_ns bash -c "timeout 10 ${c[*]} -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 </dev/null 2>&1 | grep -q 'Cipher is ECDHE-ECDSA-AES128-GCM-SHA256'"
  check "TLS 1.1 and 1.0 are refused" \
    in_edge_ns bash -c "! timeout 10 ${c[*]} -tls1_1 -cipher DEFAULT@SECLEVEL=0 </dev/null >/dev/null 2>&1 && ! timeout 10 ${c[*]} -tls1 -cipher DEFAULT@SECLEVEL=0 </dev/null >/dev/null 2>&1"
  check "TLS 1.2 CBC suites (ECDHE-ECDSA-AES128-SHA, -SHA256) are refused" \
    in_edge_ns bash -c "! timeout 10 ${c[*]} -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA256 </dev/null >/dev/null 2>&1"
  fetch "$S/" -o /dev/null -w '%{http_version}'
  check "HTTPS is HTTP/2" same "$(status)" 2
}

redirect_checks() {
  fetch "http://$NAME:8080/services?x=1"
  check "HTTP → HTTPS: 308 to the same name, path and query" \
    same "$(status) $(header location)" "308 https://$NAME/services?x=1"
  fetch "http://www.$NAME:8080/about"
  check "HTTP www → HTTPS www first (it gets HSTS there), 308" \
    same "$(status) $(header location)" "308 https://www.$NAME/about"
  fetch "http://$NAME:8080/.well-known/acme-challenge/token1"
  check "HTTP: the ACME challenge path is served from /var/www/acme, not redirected" \
    same "$(status) $(cut -c1-16 "$WORK/b")" "200 challenge-token-"
  fetch "http://$NAME:8080/.well-known/acme-challenge/missing"
  check "HTTP: an unknown challenge is a 404 (not a redirect)" same "$(status)" 404
  answer "www → apex: 308 keeping path and query, with the security headers" 308 "$S/about?x=1" \
    -H "Host: www.$NAME" -- "Location=https://$NAME/about?x=1" "Cache-Control=no-store"
  fetch "https://www.$NAME:8443/contact" -X POST -d 'a=1'
  check "www → apex keeps a POST a POST (308, not 301)" same "$(status) $(header location)" "308 https://$NAME/contact"
}

page_checks() {
  answer "HTML page: the web's page headers pass, one CSP (the web's), the edge's HSTS" 200 "$S/" -- \
    "Content-Security-Policy=$PAGE_CSP" "X-Frame-Options=DENY" "Referrer-Policy=strict-origin-when-cross-origin" \
    "Cache-Control=public, max-age=0, must-revalidate"
  check "  … SvelteKit's <meta> policy is in the page, untouched" body_has '<meta http-equiv="content-security-policy"'
  answer "HTML app shell (/portal/x → 200.html)" 200 "$S/portal/projects" -- "Content-Security-Policy=$PAGE_CSP"
  answer "HTML 404: the web's own page with status 404" 404 "$S/no-such-page" -- \
    "Content-Security-Policy=$PAGE_CSP" "Cache-Control=no-store"
  check "  … its body is the web's 404 page" body_has '<title>Not found</title>'
  answer "hashed asset: a year, immutable (once)" 200 "$S/_app/immutable/entry/app.Bx3kq9.js" -- \
    "Cache-Control=public, max-age=31536000, immutable"
  fetch "$S/_app/immutable/entry/app.Bx3kq9.js" -H 'Accept-Encoding: br, gzip'
  check "brotli for text when the browser asks for it (content-encoding br, Vary)" \
    same "$(header content-encoding) $(header vary)" "br Accept-Encoding"
  fetch "$S/" -H 'Accept-Encoding: gzip'
  check "gzip for a browser without brotli" same "$(header content-encoding)" gzip
}

api_checks() {
  answer "API JSON: the function's headers pass, HSTS is the edge's alone" 200 "$S/api/work/projects" -- \
    "Content-Security-Policy=$API_CSP" "Cache-Control=no-store" "X-Frame-Options=SAMEORIGIN" \
    "Referrer-Policy=no-referrer" "X-Request-Id=*" "Cross-Origin-Resource-Policy=same-origin"
  fetch "$S/api/work/projects" -H 'Accept-Encoding: br'
  check "API JSON is compressed (brotli)" same "$(header content-encoding)" br
  answer "API 404 of a function (its JSON)" 404 "$S/api/work/nothing" -- "Content-Security-Policy=$API_CSP"
  check "  … error.code not_found, requestId = X-Request-Id" \
    same "$(json_field error.code) $(json_field error.requestId)" "not_found $(header x-request-id)"
  answer "API 404 of no function (the edge's JSON)" 404 "$S/api/nothing" -- "Content-Security-Policy=$API_CSP" \
    "Cache-Control=no-store"
  answer "a function's own 429 passes as it is (Retry-After 30)" 429 "$S/api/work/busy" -- "Retry-After=30"
  local path
  for path in /api/identity/metrics /api/work/healthz /api/billing/readyz /healthz /metrics /readyz; do
    answer "not public: $path is a 404" 404 "$S$path" -- "Content-Security-Policy=$API_CSP"
  done
  fetch "$S/stub_status"
  check "not public: stub_status is not on the public server (404)" same "$(status)" 404
  head -c 70000 /dev/zero | tr '\0' a >"$WORK/big"
  answer "body over 64 KB to a function: 413 as JSON, before the function reads it" 413 \
    "$S/api/contact/messages" -X POST -H 'Content-Type: application/json' --data-binary "@$WORK/big" -- \
    "Content-Security-Policy=$API_CSP"
  check "  … error.code payload_too_large" same "$(json_field error.code)" payload_too_large
}

internal_checks() {
  check "internal port: /stub_status answers on 8081 (Prometheus' nginx exporter)" \
    same "$(in_edge_ns curl -sf --max-time 5 http://127.0.0.1:8081/stub_status | head -c 19)" "Active connections:"
  check "internal port: /healthz answers 200 (the image's health check)" \
    in_edge_ns curl -sf --max-time 5 -o /dev/null http://127.0.0.1:8081/healthz
  local code
  code="$(in_edge_ns curl -s --max-time 5 -o /dev/null -w '%{http_code}' --interface "$NET_PUBLIC" "http://$NET_PUBLIC:8081/stub_status" || true)"
  check "internal port: a public address is refused (403) if it is ever published" test "$code" = 403
}

site_checks() {
  answer "Gitea (no headers of its own): the edge's floor adds each one, once" 200 "https://gitea.$NAME:8443/" -- \
    "X-Frame-Options=SAMEORIGIN" "Content-Security-Policy=frame-ancestors 'self'; object-src 'none'" \
    "Referrer-Policy=strict-origin-when-cross-origin"
  answer "Gitea's /metrics is not public (404)" 404 "https://gitea.$NAME:8443/metrics" -- \
    "Content-Security-Policy=$API_CSP"
  answer "Synapse's /_synapse/metrics and /health are not public (404)" 404 "https://matrix.$NAME:8443/_synapse/metrics" --
  answer "  … /health" 404 "https://matrix.$NAME:8443/health" --
  local raw='/_matrix/client/v3/rooms/%21room%3Acoppertone.test/send/m.room.message/t%2F1//./x?filter=%7B%7D'
  answer "Synapse: /_matrix proxied" 200 "https://matrix.$NAME:8443$raw" --path-as-is --
  check "  … the request line reaches Synapse exactly as sent (%2F, //, /./ kept)" \
    same "$(json_field requestLine)" "GET $raw"
  answer "Synapse: /_synapse/client proxied" 200 "https://matrix.$NAME:8443/_synapse/client/password_reset/email/submit_token"
  answer "Synapse admin API: 404" 404 "https://matrix.$NAME:8443/_synapse/admin/v1/server_version"
  answer "Synapse admin API through an encoded path that normalises into /_matrix: 404" 404 \
    "https://matrix.$NAME:8443/_synapse/admin/v1/x%2F..%2F..%2F..%2F..%2F_matrix/client/versions" --path-as-is
  check "  … Synapse was never asked (the edge's M_NOT_FOUND)" same "$(json_field errcode)" M_NOT_FOUND
  truncate -s 51M "$WORK/upload"
  fetch "https://matrix.$NAME:8443/_matrix/media/v3/upload" -X POST --data-binary "@$WORK/upload"
  check "Synapse: an upload over its 50M limit is refused at the edge (413)" same "$(status)" 413
  answer "Matrix delegation on the main site, with the API headers and CORS" 200 \
    "$S/.well-known/matrix/client" -- "Access-Control-Allow-Origin=*" "Content-Security-Policy=$API_CSP"
}

limit_checks() {
  burst 40 "$S/api/identity/login" -X POST -H 'Content-Type: application/json' -d '{}'
  check "login: 40 at once from one address → the function answers the first (401), limit_req the rest (429)" \
    same "$(sort -u "$WORK/burst.codes" | tr '\n' ' ')" "401 429 "
  checked_last "login over the limit: 429 as JSON with Retry-After" 429 "Retry-After=*" \
    "Content-Security-Policy=$API_CSP" "Cache-Control=no-store" "X-Request-Id=*"
  check "  … error.code rate_limited, requestId = X-Request-Id" \
    same "$(json_field error.code) $(json_field error.requestId)" "rate_limited $(header x-request-id)"
  check "  … the body is JSON" json_valid
  burst 35 "$S/api/identity/password/forgot" -X POST -H 'Content-Type: application/json' -d '{}'
  check "password reset: 35 at once → limit_req answers some with 429" grep -qx 429 "$WORK/burst.codes"
  answer "… while other identity routes are not limited by it" 200 "$S/api/identity/session" --
  burst 15 "$S/api/contact/messages" -X POST -H 'Content-Type: application/json' -d '{}'
  checked_last "contact form over its limit: 429 as JSON" 429 "Retry-After=*" "Content-Security-Policy=$API_CSP"
  fetch "$S/api/contact/messages"
  check "  … while the staff inbox (GET, same path) still reaches the function" same "$(json_field error.code)" not_found
  burst 10 "$S/api/billing/webhooks/stripe" -X POST -H 'Content-Type: application/json' -d '{}'
  check "webhooks: 10 at once all pass to the function (200)" same "$(sort -u "$WORK/burst.codes")" 200
}

down_checks() {
  stop_pid "$WEB_PID"
  answer "web down: the edge's own page, status 502, one CSP (the page's), no-store" 502 "$S/" -- \
    "Content-Security-Policy=$ERROR_PAGE_CSP" "Cache-Control=no-store" "X-Frame-Options=DENY"
  check "  … it is the edge's page (text/html), not nginx's" \
    same "$(header content-type) $(grep -c 'We will be back in a moment' "$WORK/b")" "text/html 1"
  answer "web down, a form POST: the same page" 502 "$S/contact" -X POST -d 'a=1' -- "Content-Security-Policy=$ERROR_PAGE_CSP"
  stop_pid "$UPSTREAMS_PID"
  answer "function down: 503 as JSON" 503 "$S/api/work/projects" -- "Content-Security-Policy=$API_CSP"
  check "  … error.code unavailable" same "$(json_field error.code)" unavailable
  answer "Gitea down: the edge's page, 502" 502 "https://gitea.$NAME:8443/" -- \
    "Content-Security-Policy=$ERROR_PAGE_CSP"
  answer "Synapse down: 502 as Matrix JSON" 502 "https://matrix.$NAME:8443/_matrix/client/versions" -- \
    "Content-Security-Policy=$API_CSP"
  check "  … errcode M_UNKNOWN" same "$(json_field errcode)" M_UNKNOWN
}

reload_checks() {
  check "nginx -s reload (what a renewed certificate triggers) succeeds" \
    in_edge_ns deploy/nginx/test/in-root "$WORK/edge" /usr/sbin/nginx -c /etc/nginx/edge-prod.conf -s reload
  sleep 1
  fetch "$S/api/nothing"
  check "  … and the edge answers after it" same "$(status)" 404
}

live_checks() {
  local part t0
  for part in tls redirect page api internal site admin reload limit down admin_down; do
    t0=$(date +%s%N)
    "${part}_checks"
    log "   $part: $((($(date +%s%N) - t0) / 1000000)) ms"
  done
}
