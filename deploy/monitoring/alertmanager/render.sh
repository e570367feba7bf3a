#!/usr/bin/env bash
# Renders Alertmanager's configuration from alertmanager.yml.template and the settings below,
# then checks it with amtool. Run on the server when a setting changes (then reload Alertmanager:
# `podman kill -s HUP alertmanager` or POST /-/reload).
#   deploy/monitoring/alertmanager/render.sh OUTPUT_FILE
# Settings (environment; the example file is alertmanager.env.example):
#   ALERTS_RECEIVER_URL               the Matrix receiver, e.g. http://alerts:8080/alerts
#   ALERTMANAGER_DEADMANS_SWITCH_URL  the dead man's switch ping URL (a healthchecks-style check)
#   ALERTS_EMAIL_TO                   where e-mail alerts go (comma-separated)
#   ALERTS_EMAIL_FROM                 their sender
#   SMTP_SMARTHOST, SMTP_USERNAME     the mail server (host:port) and its user; the password is the
#                                     file /run/secrets/alertmanager_smtp_password in the container
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in -h | --help) usage; exit 0 ;; '') usage >&2; exit 2 ;; esac
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
vars=(ALERTS_RECEIVER_URL ALERTMANAGER_DEADMANS_SWITCH_URL ALERTS_EMAIL_TO ALERTS_EMAIL_FROM SMTP_SMARTHOST SMTP_USERNAME)

missing=()
for v in "${vars[@]}"; do [ -n "${!v:-}" ] || missing+=("$v"); done
[ ${#missing[@]} -eq 0 ] || { echo "render: not set: ${missing[*]} (see $here/alertmanager.env.example)" >&2; exit 1; }
command -v envsubst >/dev/null || { echo "render: envsubst is missing (apt-get install gettext-base)" >&2; exit 1; }

echo "→ rendering $out"
tmp="$(mktemp "$(dirname "$out")/.alertmanager.yml.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# Only the listed names are replaced: anything else with a $ stays as written.
# shellcheck disable=SC2016 # the ${NAME} list is for envsubst, not for this shell
envsubst "$(printf '${%s} ' "${vars[@]}")" <"$here/alertmanager.yml.template" >"$tmp"
echo "→ amtool check-config"
timeout 30 amtool check-config "$tmp" >/dev/null || { timeout 30 amtool check-config "$tmp" >&2 || true; echo "render: $out would be invalid; left unchanged" >&2; exit 1; }
chmod 0644 "$tmp"
mv -f "$tmp" "$out"
trap - EXIT
echo "✓ $out"
