# shellcheck shell=bash
# The edge serving for real, for live-checks.sh and admin-checks.sh: the production configuration
# (DOMAIN=coppertone.test, EDGE_SITES=gitea,matrix,admin) rendered by the real entrypoint and run by
# Debian's nginx as user 101, with TLS from a CA made for the run, in front of the real web image's
# nginx (web.conf), function apps of the shared library (upstreams.ts), and Debian's Prometheus
# and Alertmanager started as production starts them (--web.external-url on the admin site,
# --web.route-prefix=/).
#
# The edge connects to fixed ports (web:8080, identity:8080, …, synapse:8008, prometheus:9090,
# alertmanager:9093, grafana:3000) by name, and listens
# on 8080 itself, so each side gets a network namespace of its own, joined by veth pairs: the
# edge's (the edge, a DNS answering the upstreams' names, the test's client), the web's, and the
# functions' (one address per name). Nothing binds a port of the host's. Sourced by run.sh after
# lib.sh.

# shellcheck disable=SC2034,SC2153 # the constants are for live-checks.sh; EDGE_UID is lib.sh's
NAME=coppertone.test
ADMIN="admin.$NAME"
# The admin site's account, made per run (its bcrypt entry: admin_htpasswd in lib.sh).
ADMIN_USER=operator
ADMIN_PASSWORD="$(openssl rand -hex 16)"
HSTS='max-age=63072000; includeSubDomains'
PAGE_CSP="frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
API_CSP="default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
ERROR_PAGE_CSP="default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

# One request from the client's namespace: fetch URL [curl args…]; the status in $WORK/status,
# headers in $WORK/h, body in $WORK/b. Every test name resolves to the edge.
fetch() {
  local url="$1" host
  shift
  : >"$WORK/h"
  : >"$WORK/b"
  local resolve=()
  for host in "$NAME" "www.$NAME" "gitea.$NAME" "matrix.$NAME" "$ADMIN"; do
    resolve+=(--resolve "$host:8443:127.0.0.1" --resolve "$host:8080:127.0.0.1")
  done
  in_edge_ns curl -sS --max-time 10 --cacert "$TLS/ca.pem" "${resolve[@]}" -D "$WORK/h" -o "$WORK/b" \
    -w '%{http_code}' "$@" "$url" >"$WORK/status" 2>"$WORK/curl.err" || echo 000 >"$WORK/status"
  read_answer
}
# Reads the last answer's status and headers into STATUS and HEADERS (lower-case name → its values,
# one a line), in the shell itself: a check reads a dozen headers, and a process for each is slow
# on a loaded machine.
declare -A HEADERS=()
STATUS=""
read_answer() {
  local line name
  HEADERS=()
  STATUS="$(<"$WORK/status")"
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    case "$line" in
    HTTP/*) HEADERS=() ;; # a redirect followed or a 100 Continue: the last answer counts
    *:*)
      name="${line%%:*}"
      name="${name,,}"
      HEADERS[$name]+="${HEADERS[$name]:+$'\n'}${line#*: }"
      ;;
    esac
  done <"$WORK/h"
}
status() { printf '%s' "$STATUS"; }
# The values of a header in the last answer, one a line (names case-insensitive).
header() { printf '%s' "${HEADERS[${1,,}]:-}"; }
# The problems of the last answer, or nothing: exactly one of each named header, with the value
# given (`*` for any). expect_headers NAME=VALUE…
expect_headers() {
  local pair name want got count values
  for pair in "$@"; do
    name="${pair%%=*}"
    want="${pair#*=}"
    got="${HEADERS[${name,,}]:-}"
    count=0
    if [ -n "$got" ]; then
      readarray -t values <<<"$got"
      count=${#values[@]}
    fi
    if [ "$count" -ne 1 ]; then
      echo "$name sent $count times${got:+: $(tr '\n' '|' <<<"$got")}"
    elif [ "$want" != '*' ] && [ "$got" != "$want" ]; then
      echo "$name: '$got', expected '$want'"
    fi
  done
}
# What every HTTPS answer carries, once each.
SECURITY=("Strict-Transport-Security=$HSTS" 'X-Content-Type-Options=nosniff' 'X-Frame-Options=*'
  'Referrer-Policy=*' 'Content-Security-Policy=*' 'Permissions-Policy=*')

# answer "description" STATUS URL [curl args…] -- NAME=VALUE…: the status and, once each, the
# security headers and the given ones. One ok/not ok line.
answer() {
  local what="$1" want="$2" url="$3" args=() problems
  shift 3
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    args+=("$1")
    shift
  done
  [ $# -eq 0 ] || shift
  fetch "$url" "${args[@]}"
  problems="$(expect_headers "${SECURITY[@]}" "$@")"
  [ "$(status)" = "$want" ] || problems="status $(status), expected $want $(cat "$WORK/curl.err")
$problems"
  if [ -z "$problems" ]; then ok "$what"; else
    not_ok "$what"
    printf '    %s\n' "${problems//$'\n'/$'\n'    }"
  fi
}
# burst N URL [curl args…]: N requests in a row from one client, as fast as one connection
# carries them (one curl, one TLS handshake, each request its own --next operation with its own
# headers and body files); their statuses in $WORK/burst.codes, and the first 429's status, headers
# and body where fetch puts them (for checked_last).
burst() {
  local n="$1" url="$2" i ops=()
  shift 2
  rm -rf "$WORK/burst"
  mkdir -p "$WORK/burst"
  for i in $(seq 1 "$n"); do
    [ "$i" -eq 1 ] || ops+=(--next)
    ops+=(-s --max-time 10 --cacert "$TLS/ca.pem" --resolve "$NAME:8443:127.0.0.1" --resolve "$ADMIN:8443:127.0.0.1" "$@"
      -D "$WORK/burst/$i.h" -o "$WORK/burst/$i.body" -w '%{http_code}\n' "$url")
  done
  in_edge_ns curl "${ops[@]}" >"$WORK/burst.codes" 2>"$WORK/curl.err" || true
  local codes=()
  readarray -t codes <"$WORK/burst.codes"
  echo "no 429" >"$WORK/status"
  : >"$WORK/h"
  : >"$WORK/b"
  for i in "${!codes[@]}"; do
    [ "${codes[i]}" = 429 ] || continue
    cp "$WORK/burst/$((i + 1)).h" "$WORK/h"
    cp "$WORK/burst/$((i + 1)).body" "$WORK/b"
    echo 429 >"$WORK/status"
    break
  done
  read_answer
}
# The header problems of the last answer (fetch or burst), as an ok/not ok line: checked_last
# "description" STATUS NAME=VALUE…
checked_last() {
  local what="$1" want="$2" problems
  shift 2
  problems="$(expect_headers "${SECURITY[@]}" "$@")"
  [ "$(status)" = "$want" ] || problems="status $(status), expected $want
$problems"
  if [ -z "$problems" ]; then ok "$what"; else
    not_ok "$what"
    printf '    %s\n' "${problems//$'\n'/$'\n'    }"
  fi
}

body_has() { grep -qF -- "$1" "$WORK/b"; }
# A string field of the last answer's JSON body, by its last key (error.code → "code"): the bodies
# checked are small and flat enough; json_valid checks the whole body parses.
json_field() {
  local key="${1##*.}" body
  body="$(<"$WORK/b")"
  # JSON as written by hand or by a formatter: spaces around the colon are allowed.
  [[ $body =~ \"$key\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && printf '%s' "${BASH_REMATCH[1]}"
}
json_valid() { "$NODE" -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$WORK/b"; }

# The web's files: a page with SvelteKit's <meta> policy, an app shell, its 404 page, an asset.
web_fixture() {
  local site="$1" filler
  filler="$(printf 'Coppertone builds and runs web platforms. %.0s' $(seq 1 60))"
  mkdir -p "$site/_app/immutable/entry"
  printf '<!doctype html><html><head><meta http-equiv="content-security-policy" content="script-src %s"><title>Home</title></head><body><p>%s</p></body></html>\n' \
    "'self'" "$filler" >"$site/index.html"
  printf '<!doctype html><title>App</title><p>%s</p>\n' "$filler" >"$site/200.html"
  printf '<!doctype html><title>Not found</title><p>%s</p>\n' "$filler" >"$site/404.html"
  printf 'export const text = "%s";\n' "$filler" >"$site/_app/immutable/entry/app.Bx3kq9.js"
  chmod -R a+rX "$site"
}

live_start() {
  local web="$WORK/web" edge="$WORK/edge"
  log "starting the DNS (pebble-challtestsrv), the web's nginx, the upstreams and the edge"
  ip netns exec "$NS_EDGE" timeout 600 /usr/bin/pebble-challtestsrv -dns01 127.0.0.1:53 -management 127.0.0.1:8055 \
    -http01 '' -https01 '' -tlsalpn01 '' -defaultIPv4 "$NET_NOWHERE" -defaultIPv6 '' \
    >"$WORK/dns.log" 2>&1 &
  DNS_PID=$!
  wait_for "the DNS's management port" in_edge_ns curl -s -o /dev/null http://127.0.0.1:8055/
  local pair
  for pair in "web=$NET_WEB" "identity=$NET_IDENTITY" "work=$NET_WORK" "contact=$NET_CONTACT" \
    "billing=$NET_BILLING" "gitea=$NET_GITEA" "synapse=$NET_SYNAPSE" "prometheus=$NET_PROMETHEUS" \
    "alertmanager=$NET_ALERTMANAGER" "grafana=$NET_GRAFANA"; do
    in_edge_ns curl -sf --max-time 5 -d "{\"host\":\"${pair%%=*}\",\"addresses\":[\"${pair#*=}\"]}" \
      http://127.0.0.1:8055/add-a >/dev/null || die "the DNS refused the record ${pair%%=*}"
  done

  web_root "$web"
  web_fixture "$web/www/site"
  install -o "$EDGE_UID" -m 600 /dev/null "$WORK/web.log"
  ip netns exec "$NS_WEB" timeout 600 deploy/nginx/test/in-root "$web" /usr/sbin/nginx -e stderr -g 'daemon off;' \
    >"$WORK/web.log" 2>&1 &
  WEB_PID=$!

  ip netns exec "$NS_FN" timeout 600 "$NODE" deploy/nginx/test/upstreams.ts "$NET_IDENTITY" "$NET_WORK" \
    "$NET_CONTACT" "$NET_BILLING" "$NET_GITEA" "$NET_SYNAPSE" "$NET_GRAFANA" >"$WORK/upstreams.log" 2>&1 &
  UPSTREAMS_PID=$!
  monitoring_start

  edge_root "$edge" "$TLS"
  admin_htpasswd "$edge" "$ADMIN_USER" "$ADMIN_PASSWORD"
  printf 'challenge-token-%s\n' "$RANDOM" >"$edge/www/acme/.well-known/acme-challenge/token1"
  chmod a+r "$edge/www/acme/.well-known/acme-challenge/token1"
  # Appended to (O_APPEND): nginx opens /dev/stdout for its access log in append mode, and its
  # error log writes to the inherited descriptor, which must append too or it writes over access
  # log lines at a stale offset.
  install -o "$EDGE_UID" -m 600 /dev/null "$WORK/edge.log"
  ip netns exec "$NS_EDGE" timeout 600 deploy/nginx/test/in-root "$edge" env -i PATH=/usr/sbin:/usr/bin:/bin DOMAIN="$NAME" EDGE_SITES=gitea,matrix,admin \
    sh /etc/nginx/edge-entrypoint.sh prod >>"$WORK/edge.log" 2>&1 &
  EDGE_PID=$!

  wait_for "the web's nginx" in_ns "$NS_WEB" curl -sf -o /dev/null "http://$NET_WEB:8080/healthz"
  wait_for "the upstreams" grep -q 'upstreams: listening' "$WORK/upstreams.log"
  wait_for "the edge" in_edge_ns curl -sf -o /dev/null http://127.0.0.1:8081/healthz
  wait_for "Alertmanager" in_ns "$NS_FN" curl -sf -o /dev/null "http://$NET_ALERTMANAGER:9093/-/ready"
  # Prometheus has scraped itself once: `up` has a sample to answer with.
  wait_for "Prometheus' first scrape" prometheus_has_up
}
prometheus_has_up() {
  in_ns "$NS_FN" curl -sf --max-time 5 "http://$NET_PROMETHEUS:9090/api/v1/query?query=up" | grep -q '"value"'
}

# Prometheus (scraping itself every second) and Alertmanager (one receiver that sends nothing,
# gossip off), each on its name's address, with the flags deploy/compose/prod.yaml gives them.
monitoring_start() {
  local m="$WORK/monitoring"
  mkdir -p "$m/prometheus" "$m/alertmanager"
  printf 'global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ["%s:9090"]\n' \
    "$NET_PROMETHEUS" >"$m/prometheus.yml"
  printf 'route:\n  receiver: none\nreceivers:\n  - name: none\n' >"$m/alertmanager.yml"
  ip netns exec "$NS_FN" timeout 600 /usr/bin/prometheus --config.file="$m/prometheus.yml" \
    --storage.tsdb.path="$m/prometheus" --web.listen-address="$NET_PROMETHEUS:9090" \
    --web.external-url="https://$ADMIN/prometheus/" --web.route-prefix=/ --web.enable-lifecycle \
    >"$WORK/prometheus.log" 2>&1 &
  PROMETHEUS_PID=$!
  ip netns exec "$NS_FN" timeout 600 /usr/bin/prometheus-alertmanager --config.file="$m/alertmanager.yml" \
    --storage.path="$m/alertmanager" --web.listen-address="$NET_ALERTMANAGER:9093" --cluster.listen-address= \
    --web.external-url="https://$ADMIN/alertmanager/" --web.route-prefix=/ >"$WORK/alertmanager.log" 2>&1 &
  ALERTMANAGER_PID=$!
}

# Daemons in the background are started with `ip netns exec … timeout 600 …` directly (not through
# in_ns): $! is then the timeout process, which passes stop_pid's signal on to the daemon.

# wait_for "what" command…: polls every 0.2 s for up to 20 s.
wait_for() {
  local what="$1" deadline=$((SECONDS + 20))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || {
      tail -n 20 "$WORK"/*.log >&2 || true
      die "$what did not answer within 20 s"
    }
    sleep 0.2
  done
}

live_stop() {
  stop_pid "${PROMETHEUS_PID:-}"
  stop_pid "${ALERTMANAGER_PID:-}"
  stop_pid "${EDGE_PID:-}"
  stop_pid "${UPSTREAMS_PID:-}"
  stop_pid "${WEB_PID:-}"
  stop_pid "${DNS_PID:-}"
}

# ── network namespaces ──────────────────────────────────────────────────────────────────────────
# Names with this run's PID, so runs side by side (and other tests' namespaces) never meet.
NS_EDGE="cp-edge-$$"
NS_WEB="cp-web-$$"
NS_FN="cp-fn-$$"
NET_EDGE_WEB=10.231.1.1
NET_WEB=10.231.1.2
NET_EDGE_FN=10.231.2.1
NET_IDENTITY=10.231.2.10
NET_WORK=10.231.2.11
NET_CONTACT=10.231.2.12
NET_BILLING=10.231.2.13
NET_GITEA=10.231.2.20
NET_SYNAPSE=10.231.2.21
NET_PROMETHEUS=10.231.2.30
NET_ALERTMANAGER=10.231.2.31
NET_GRAFANA=10.231.2.32
NET_NOWHERE=10.231.2.99 # what the DNS answers for any other name: nothing listens there
# A public address on the edge's side, to ask the internal port as the internet would.
NET_PUBLIC=203.0.113.7

in_ns() {
  local ns="$1"
  shift
  ip netns exec "$ns" "$@"
}
in_edge_ns() { in_ns "$NS_EDGE" "$@"; }

net_up() {
  local v="cp$$"
  ip netns add "$NS_EDGE"
  ip netns add "$NS_WEB"
  ip netns add "$NS_FN"
  ip link add "${v}ew" type veth peer name "${v}we"
  ip link add "${v}ef" type veth peer name "${v}fe"
  ip link set "${v}ew" netns "$NS_EDGE"
  ip link set "${v}ef" netns "$NS_EDGE"
  ip link set "${v}we" netns "$NS_WEB"
  ip link set "${v}fe" netns "$NS_FN"
  in_ns "$NS_EDGE" ip addr add "$NET_EDGE_WEB/24" dev "${v}ew"
  in_ns "$NS_EDGE" ip addr add "$NET_EDGE_FN/24" dev "${v}ef"
  in_ns "$NS_EDGE" ip addr add "$NET_PUBLIC/32" dev lo
  in_ns "$NS_WEB" ip addr add "$NET_WEB/24" dev "${v}we"
  local a
  for a in "$NET_IDENTITY" "$NET_WORK" "$NET_CONTACT" "$NET_BILLING" "$NET_GITEA" "$NET_SYNAPSE" \
    "$NET_PROMETHEUS" "$NET_ALERTMANAGER" "$NET_GRAFANA"; do
    in_ns "$NS_FN" ip addr add "$a/24" dev "${v}fe"
  done
  for ns in "$NS_EDGE" "$NS_WEB" "$NS_FN"; do
    in_ns "$ns" ip link set lo up
  done
  in_ns "$NS_EDGE" ip link set "${v}ew" up
  in_ns "$NS_EDGE" ip link set "${v}ef" up
  in_ns "$NS_WEB" ip link set "${v}we" up
  in_ns "$NS_FN" ip link set "${v}fe" up
}

# Removing a namespace removes its veth pair too. Safe when nothing is there.
net_down() {
  local ns
  for ns in "$NS_EDGE" "$NS_WEB" "$NS_FN"; do
    ip netns delete "$ns" 2>/dev/null || true
  done
}
