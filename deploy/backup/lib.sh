# shellcheck shell=bash
# Shared by deploy/backup/{backup,restore,drill}: step timing, loud failure, the failure metric,
# PostgreSQL client selection (same major version as the server), restic reachability checks and
# the manifest queries. Sourced, never run.

# The job's name ("backup", "restore", "drill"), set by the caller before sourcing.
: "${JOB:?JOB must be set before sourcing lib.sh}"

export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"
# Seconds allowed for a quick repository probe (password, reachability); restic's S3 backend
# otherwise retries for minutes on an unreachable endpoint.
RESTIC_PROBE_TIMEOUT="${RESTIC_PROBE_TIMEOUT:-60}"
# The money tables: checksummed at backup time and compared by the drill.
MONEY_TABLES="${BACKUP_MONEY_TABLES:-invoices invoice_lines payments refunds}"
TEXTFILE_DIR="${NODE_EXPORTER_TEXTFILE_DIR:-}"

# shellcheck disable=SC2034 # read by the scripts' EXIT traps
job_started=$(date +%s)
# shellcheck disable=SC2034
current_step="start"

log() { printf '%s %s: %s\n' "$(date -u +%H:%M:%S)" "$JOB" "$*"; }

# step "what it does" command...: prints the step, runs it, prints its time. A failing step
# stops the job (set -e) and the EXIT trap names it.
step() {
  local name="$1" t0 rc
  shift
  # shellcheck disable=SC2034
  current_step="$name"
  log "→ $name"
  t0=$(date +%s)
  "$@" || { rc=$?; log "✗ $name failed (exit $rc, after $(($(date +%s) - t0)) s)"; return "$rc"; }
  log "✓ $name ($(($(date +%s) - t0)) s)"
}

# die "message": stops the job, naming what went wrong (the EXIT trap writes the failure metric).
die() {
  printf '%s %s: FAILED: %s\n' "$(date -u +%H:%M:%S)" "$JOB" "$*" >&2
  exit 1
}

skip() { log "skipped: $*"; }

# Metrics in node_exporter's textfile format, written atomically (temp file + rename in the same
# directory) so the collector never reads half a file. Without NODE_EXPORTER_TEXTFILE_DIR: none.
# write_metrics FILE_STEM "name value" ... ; a metric is kept from the previous file when not given
# (the last success timestamp survives a failure).
write_metrics() {
  local stem="$1" file tmp line name
  shift
  [ -n "$TEXTFILE_DIR" ] || return 0
  [ -d "$TEXTFILE_DIR" ] || { log "metrics: $TEXTFILE_DIR is not a directory: no metrics written" >&2; return 0; }
  file="$TEXTFILE_DIR/$stem.prom"
  tmp=$(mktemp "$TEXTFILE_DIR/.$stem.prom.XXXXXX")
  {
    for line in "$@"; do
      name=${line%% *}
      printf '# TYPE %s gauge\n%s\n' "$name" "$line"
    done
    if [ -f "$file" ]; then
      # earlier values of metrics not set this time (e.g. the last success, on a failure)
      while read -r name rest; do
        case "$name" in '#'* | '') continue ;; esac
        printf '%s\n' "$@" | grep -q "^${name} " && continue
        printf '# TYPE %s gauge\n%s %s\n' "$name" "$name" "$rest"
      done <"$file"
    fi
  } >"$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$file"
}

# ── PostgreSQL ───────────────────────────────────────────────────────────────────────────────
PSQL=(psql -X -v ON_ERROR_STOP=1 -q -A -t)

# The settings that make a row's text form the same on every server (for checksums).
STABLE_TEXT="set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set extra_float_digits = 1; set bytea_output = 'hex';"

server_major() { "${PSQL[@]}" -c "select current_setting('server_version_num')::int / 10000"; }

# Picks pg_dump/pg_restore/psql of the server's major version: PG_BINDIR, else Debian's
# /usr/lib/postgresql/MAJOR/bin, else PATH; refuses a mismatch (a dump by another major version
# can fail or silently miss objects: the GitLab 2017 outage began with one). Sets PG_BIN.
choose_pg_client() {
  local major="$1" dir client
  for dir in "${PG_BINDIR:-}" "/usr/lib/postgresql/$major/bin"; do
    if [ -n "$dir" ] && [ -x "$dir/pg_dump" ]; then
      PG_BIN="$dir"
      break
    fi
  done
  if [ -z "${PG_BIN:-}" ]; then
    client=$(command -v pg_dump) || die "no pg_dump found: install postgresql-client-$major"
    PG_BIN=$(dirname "$client")
  fi
  client=$("$PG_BIN/pg_dump" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')
  [ "$client" = "$major" ] ||
    die "wrong major version: pg_dump $client ($PG_BIN) for a PostgreSQL $major server; install postgresql-client-$major or set PG_BINDIR to its bin directory"
  log "PostgreSQL $major server, client tools from $PG_BIN"
}

# Writes the manifest lines (TSV: kind, name, value) of the database as seen by the snapshot
# SNAPSHOT (exported by the dump's transaction, so the counts describe exactly what was dumped),
# or of the current state when SNAPSHOT is empty. Kinds: rows (every table), checksum (money
# tables), newest (max created_at), migration (the app's applied migrations).
manifest_queries() {
  local snapshot="$1" set_snapshot="" t
  [ -z "$snapshot" ] || set_snapshot="set transaction snapshot '$snapshot';"
  {
    echo "begin isolation level repeatable read read only; $set_snapshot $STABLE_TEXT"
    # one count(*) per table, generated and run by \gexec
    cat <<'SQL'
select format('select %L || E''\t'' || count(*) from %I.%I', 'rows' || E'\t' || n.nspname || '.' || c.relname, n.nspname, c.relname)
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_%'
order by n.nspname, c.relname
\gexec
select format('select %L || E''\t'' || coalesce(max(created_at)::text, '''') from %I.%I', 'newest' || E'\t' || table_schema || '.' || table_name, table_schema, table_name)
from information_schema.columns
where column_name = 'created_at' and table_schema not in ('pg_catalog', 'information_schema')
  and (table_schema, table_name) in (select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE')
order by table_schema, table_name
\gexec
SQL
    for t in $MONEY_TABLES; do
      # every column of every row, in a fixed order and text form
      printf '%s\n' "select format('select %L || E''\t'' || md5(coalesce(string_agg(t::text, E''\n'' order by t::text collate \"C\"), '''')) from %I.%I t', 'checksum' || E'\t' || 'public.$t', 'public', '$t') where to_regclass('public.$t') is not null"
      echo '\gexec'
    done
    printf '%s\n' "select 'migration' || E'\t' || name || E'\t' || timestamp from public.kysely_migration where to_regclass('public.kysely_migration') is not null order by name;"
    echo "commit;"
  } | "${PSQL[@]}"
}

# ── restic ───────────────────────────────────────────────────────────────────────────────────
# Checks the repository answers and the password opens it, naming which of the two failed.
# With --init-missing, a repository that does not exist yet is created.
restic_probe() {
  local out rc
  [ -n "${RESTIC_REPOSITORY:-}${RESTIC_REPOSITORY_FILE:-}" ] || die "RESTIC_REPOSITORY is not set (e.g. s3:https://host/bucket/coppertone or sftp:user@host:/srv/restic/coppertone)"
  [ -n "${RESTIC_PASSWORD:-}${RESTIC_PASSWORD_FILE:-}${RESTIC_PASSWORD_COMMAND:-}" ] || die "RESTIC_PASSWORD (or RESTIC_PASSWORD_FILE) is not set"
  out=$(timeout "$RESTIC_PROBE_TIMEOUT" restic cat config --no-lock -q 2>&1 >/dev/null) && return 0
  rc=$?
  [ "$rc" -ne 124 ] || die "restic repository ${RESTIC_REPOSITORY:-} unreachable: no answer within ${RESTIC_PROBE_TIMEOUT} s"
  case "$out" in
  *"wrong password"* | *"no key found"*) die "wrong restic password for repository ${RESTIC_REPOSITORY:-(file)}" ;;
  *"dial tcp"* | *"connection refused"* | *"no such host"* | *"i/o timeout"* | *x509* | *"ssh command exited"* | *"unable to start the sftp session"* | *"Connection refused"* | *"Could not resolve"*)
    die "restic repository ${RESTIC_REPOSITORY:-} unreachable: $out" ;;
  *"does not exist"* | *"no such file"* | *"NoSuchKey"* | *"NoSuchBucket"*)
    if [ "${1:-}" = --init-missing ]; then
      log "repository ${RESTIC_REPOSITORY:-} does not exist: initialising it"
      timeout "$RESTIC_PROBE_TIMEOUT" restic init || die "restic init failed for ${RESTIC_REPOSITORY:-}"
      return 0
    fi
    die "no restic repository at ${RESTIC_REPOSITORY:-} (run backup --init once to create it): $out" ;;
  esac
  die "restic repository ${RESTIC_REPOSITORY:-} unreachable or unreadable: $out"
}
