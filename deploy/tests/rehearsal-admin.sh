# shellcheck shell=bash disable=SC2154,SC2034 # tag and the helpers are rehearse.sh's; SITE_BASE is its
# The deploy rehearsal's admin site (sourced by rehearse.sh, which runs rehearse_admin_on before
# SHA5 and rehearse_admin_after_switch after SHA5's switch of colours): an operator turns on
# admin.DOMAIN on a server deployed by scripts/deploy, as deploy/README.md says. Production's edge
# goes from the plain-HTTP `test` site to `prod` (TLS on EDGE_HTTPS_PUBLISH with a certificate for
# DOMAIN, admin.DOMAIN and 127.0.0.1 from the run's CA, which the deploy's own smoke test trusts
# through CURL_CA_BUNDLE in the settings, and the rehearsal's load and checks through SITE_BASE)
# with EDGE_SITES=admin;
# Prometheus runs as the server runs it, compose/prod.yaml's service layered with
# server/monitoring.yaml (on coppertone-<env>-admin), from an image holding Debian's Prometheus
# 2.42 (upstream images cannot be pulled here). Grafana and Alertmanager do not run: the checks
# are on /prometheus/. The admin password is made per run, given to provision-admin-auth in its
# environment and to curl on stdin, never on a command line; rehearse.sh searches for it with the
# other secrets (ADMIN_PASSWORD).
# Uses rehearse.sh's helpers and variables: check, pass, flunk, deploy, live, site_code, R, tag;
# sets SITE_BASE to the TLS site once the edge serves it.

ADMIN_PASSWORD=""
ADMIN_PROM_PORT=18491
ADMIN_PROM_IMAGE=localhost/coppertone-rehearsal/prometheus:2.42

# curl on admin.DOMAIN through production's TLS port, trusting the run's CA; extra arguments go to
# curl. Prints the status code.
admin_code() {
  local path="$1"
  shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$R/ca/ca.crt" \
    --resolve "admin.rehearsal.test:$REHEARSE_EDGE_TLS_PORT:127.0.0.1" "$@" \
    "https://admin.rehearsal.test:$REHEARSE_EDGE_TLS_PORT$path"
}
# The same with the admin password, given to curl on stdin (-K -); prints the body, then the code.
admin_get() {
  printf 'user = "admin:%s"\n' "$ADMIN_PASSWORD" |
    curl -s -K - -w '\n%{http_code}' --max-time 10 --cacert "$R/ca/ca.crt" \
      --resolve "admin.rehearsal.test:$REHEARSE_EDGE_TLS_PORT:127.0.0.1" \
      "https://admin.rehearsal.test:$REHEARSE_EDGE_TLS_PORT$1"
}
site_tls_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$R/ca/ca.crt" \
    --resolve "rehearsal.test:$REHEARSE_EDGE_TLS_PORT:127.0.0.1" "https://rehearsal.test:$REHEARSE_EDGE_TLS_PORT$1"
}
# Prometheus answers through the admin site with the password: its build information, 2.42.
admin_prometheus_ok() {
  local out
  out="$(admin_get /prometheus/api/v1/status/buildinfo)"
  [ "$(tail -n 1 <<<"$out")" = 200 ] && grep -q '"status":"success".*"version":"2\.42\.' <<<"$out" && return 0
  echo "    answered $(tail -n 1 <<<"$out") ($(head -c 200 <<<"$out" | head -n 1))" >&2
  return 1
}
# Waits (60 s at most) for that: Prometheus was just started.
admin_prometheus_wait() {
  for _ in $(seq 1 60); do
    admin_prometheus_ok 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

# Prometheus of compose/prod.yaml (profile monitoring) with server/monitoring.yaml, project
# coppertone-<env>-monitoring, with the environment's settings as the operator runs it.
admin_monitoring_up() {
  mkdir -p "$R/prometheus-image"
  cp /usr/bin/prometheus "$R/prometheus-image/prometheus"
  printf 'FROM docker.io/library/debian:bookworm-slim\nCOPY prometheus /bin/prometheus\nENTRYPOINT ["/bin/prometheus"]\n' \
    >"$R/prometheus-image/Containerfile"
  podman build -q --pull=never -t "$ADMIN_PROM_IMAGE" "$R/prometheus-image" >/dev/null || return 1
  (
    set -a
    # shellcheck disable=SC1090 # the rehearsal's settings file
    . "$REHEARSE_SERVER/etc/$REHEARSE_ENV.env"
    set +a
    export DEPLOY_ENV="$REHEARSE_ENV" COPPERTONE_TAG="$tag" PROMETHEUS_IMAGE="$ADMIN_PROM_IMAGE" PROMETHEUS_PORT="$ADMIN_PROM_PORT"
    timeout 120 podman-compose -p "coppertone-$REHEARSE_ENV-monitoring" -f "$STACK_ROOT/deploy/compose/prod.yaml" \
      -f "$STACK_ROOT/deploy/server/monitoring.yaml" up -d prometheus
  ) >/dev/null 2>"$R/monitoring.err" # its stdout: the merged file, settings and secrets included
}

rehearse_admin_on() {
  local env_file="$REHEARSE_SERVER/etc/$REHEARSE_ENV.env" auth="$REHEARSE_SERVER/var/$REHEARSE_ENV/edge/admin-auth"
  local sha edge_before out status prom="coppertone-$REHEARSE_ENV-monitoring_prometheus_1"
  sha="$(live)"

  # The certificate: DOMAIN and admin.DOMAIN (the operator adds `admin` to the certificate's names);
  # 127.0.0.1 too, for the rehearsal's load generator, which cannot resolve rehearsal.test.
  openssl req -newkey rsa:2048 -nodes -subj "/CN=rehearsal.test" -keyout "$R/edge-tls.key" -out "$R/edge-tls.csr" 2>/dev/null
  printf 'subjectAltName=DNS:rehearsal.test,DNS:admin.rehearsal.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$R/edge-tls.ext"
  openssl x509 -req -in "$R/edge-tls.csr" -CA "$R/ca/ca.crt" -CAkey "$R/ca/ca.key" -CAcreateserial -days 2 \
    -extfile "$R/edge-tls.ext" -out "$R/edge-tls.crt" 2>/dev/null
  cat "$R/edge-tls.crt" "$R/ca/ca.crt" >"$REHEARSE_SERVER/tls/fullchain.pem"
  install -o 101 -g 101 -m 0400 "$R/edge-tls.key" "$REHEARSE_SERVER/tls/privkey.pem"
  rm -f "$R/edge-tls.key"

  if admin_monitoring_up; then
    check "Prometheus (prod.yaml + server/monitoring.yaml) runs on coppertone-$REHEARSE_ENV-admin, -frontend and -backend" \
      bash -c "podman inspect -f '{{range \$k, \$v := .NetworkSettings.Networks}}{{\$k}} {{end}}' '$prom' | tr ' ' '\n' |
        grep -c -x -e 'coppertone-$REHEARSE_ENV-admin' -e 'coppertone-$REHEARSE_ENV-frontend' -e 'coppertone-$REHEARSE_ENV-backend' | grep -qx 3"
  else
    grep -v systemd "$R/monitoring.err" | tail -n 5 | sed 's/^/  | /'
    flunk "Prometheus of the monitoring compose did not start"
  fi

  # The settings as deploy/README.md has them, before the password file exists: refused.
  {
    echo "# The admin site (deploy/tests/rehearsal-admin.sh): TLS, admin.DOMAIN, the CA the smoke test trusts."
    echo "EDGE_SITE=prod"
    echo "EDGE_SITES=admin"
    echo "CURL_CA_BUNDLE=$R/ca/ca.crt"
  } >>"$env_file"
  sed -i -e '/^EDGE_SITE=test$/d' "$env_file"
  edge_before="$(podman inspect -f '{{.Id}}' "coppertone-${REHEARSE_ENV}_edge_1" 2>/dev/null)"
  out="$(deploy production "$sha" 2>&1)"
  status=$?
  local edge_after code
  edge_after="$(podman inspect -f '{{.Id}}' "coppertone-${REHEARSE_ENV}_edge_1" 2>/dev/null)"
  code="$(site_code /)"
  if [ "$status" != 0 ] && grep -q "provision-admin-auth" <<<"$out" && [ "$edge_after" = "$edge_before" ] && [ "$code" = 200 ]; then
    pass "admin enabled without a password file: the deploy stops naming provision-admin-auth; the running edge and the site are untouched"
  else
    printf '%s\n' "$out" | tail -n 8 | sed 's/^/  | /'
    flunk "admin enabled without a password file (exit $status; edge ${edge_before:0:12} → ${edge_after:0:12}; / answered $code)"
  fi

  ADMIN_PASSWORD="$(openssl rand -base64 24)"
  if EDGE_ADMIN_PASSWORD="$ADMIN_PASSWORD" bash "$STACK_ROOT/deploy/server/provision-admin-auth" --dir "$auth" | sed 's/^/  /' &&
    [ "$(stat -c '%u %a' "$auth/htpasswd")" = "101 400" ]; then
    pass "provision-admin-auth wrote the password file in the deploy's default directory (owner 101, mode 0400)"
  else
    flunk "provision-admin-auth"
  fi

  # The live release again: only the edge is replaced, with its new settings.
  deploy_step "admin site on: $sha again (a new edge, same release)" 0 0 production "$sha"
  check "the deploy named the edge's changed settings (EDGE_SITE EDGE_SITES) and kept the release" \
    bash -c "grep -q 'the edge.s settings changed (EDGE_SITE EDGE_SITES)' '$R/rehearsal.log' && [ '$(live)' = '$sha' ]"
  check "the site answers over TLS on the production edge: / 200" test "$(site_tls_code /)" = 200
  check "admin.rehearsal.test/prometheus/ without credentials: 401" test "$(admin_code /prometheus/api/v1/status/buildinfo)" = 401
  check "admin.rehearsal.test/prometheus/ with a wrong password: 401" \
    test "$(admin_code /prometheus/api/v1/status/buildinfo -u admin:wrong-password-of-24-chars)" = 401
  check "admin.rehearsal.test/prometheus/ with the password: 200 from the real Prometheus 2.42 (by name on the admin network)" \
    admin_prometheus_wait
  check "the public name does not serve Prometheus: rehearsal.test/prometheus/ is the site's 404" \
    test "$(site_tls_code /prometheus/api/v1/status/buildinfo)" = 404

  SITE_BASE="https://127.0.0.1:$REHEARSE_EDGE_TLS_PORT"
  check "the site answers on 127.0.0.1 over TLS too (the load's address): / 200" test "$(site_code /)" = 200
}

# After a switch of colours (SHA5's deploy): the shared edge was reloaded, not replaced (rehearse.sh
# checks the container), and still serves the admin site.
rehearse_admin_after_switch() {
  check "after the switch: admin.rehearsal.test/prometheus/ without credentials: 401" \
    test "$(admin_code /prometheus/api/v1/status/buildinfo)" = 401
  check "after the switch: with the password, 200 from Prometheus" admin_prometheus_ok
}
