#!/usr/bin/env bash
# Entry point of the production PostgreSQL image (deploy/images/postgres.Containerfile). With a
# pgBackRest configuration mounted (PGBACKREST_CONFIG, default /etc/pgbackrest/pgbackrest.conf,
# readable by the postgres user), PostgreSQL starts with the WAL archiving settings of
# /usr/local/share/coppertone/archive.conf (deploy/backup/postgres/archive.conf) as -c options;
# without one it starts as the upstream image does and says archiving is off (so a server, a test
# stack or staging without a repository never queues WAL that nothing archives). Then it hands over
# to the upstream entry point (initdb on first start, drop to the postgres user).
set -euo pipefail

conf="${PGBACKREST_CONFIG:-/etc/pgbackrest/pgbackrest.conf}"
settings=/usr/local/share/coppertone/archive.conf

if [ "${1:-}" = postgres ]; then
  if [ -s "$conf" ]; then
    shift
    opts=()
    while IFS= read -r line; do
      case "$line" in '' | '#'*) continue ;; esac
      key="${line%%=*}"
      value="${line#*=}"
      key="${key//[[:space:]]/}"
      value="${value#"${value%%[![:space:]]*}"}"
      value="${value%\'}"
      value="${value#\'}"
      opts+=(-c "$key=$value")
    done <"$settings"
    set -- postgres "${opts[@]}" "$@"
    # pgBackRest makes its spool and lock directories but not its log directory; on the tmpfs /tmp
    # (read-only root) none survives a restart, so they are made at every start.
    if [ "$(id -u)" = 0 ]; then
      for key in log-path spool-path lock-path; do
        dir=$(sed -n "s/^[[:space:]]*${key}[[:space:]]*=[[:space:]]*//p" "$conf" | tail -n 1)
        [ -z "$dir" ] || install -d -o postgres -g postgres -m 0750 "$dir"
      done
    fi
    echo "coppertone-postgres: WAL archiving with pgBackRest on ($conf; ${opts[*]})"
  else
    echo "coppertone-postgres: WAL archiving off (no pgBackRest configuration at $conf)"
  fi
fi
exec docker-entrypoint.sh "$@"
