# shellcheck shell=bash disable=SC2154 # here, pitr_time, max_age_h, job_started: set by drill and lib.sh
# deploy/backup/drill --pitr: the point-in-time drill, sourced by drill after its options and EXIT
# trap (which stops the throwaway server, removes $tmp and writes the failure metric). Never run.

command -v pgbackrest >/dev/null 2>&1 || die "pgbackrest is not installed (apt-get install pgbackrest)"
DATABASE="${DRILL_PITR_DATABASE:-coppertone}"
PITR_MAJOR="${DRILL_PG_MAJOR:-15}"

pitr_server_dir() {
  local bin="${DRILL_PG_BINDIR:-/usr/lib/postgresql/$PITR_MAJOR/bin}" run=()
  [ -x "$bin/pg_ctl" ] || die "no PostgreSQL $PITR_MAJOR server binaries in $bin (apt-get install postgresql-$PITR_MAJOR, or set DRILL_PG_BINDIR)"
  tmp=$(mktemp -d "${DRILL_WORK_DIR:-/var/tmp}/coppertone-drill-pitr.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$tmp"
    run=(runuser -u postgres --)
  fi
  chmod 0700 "$tmp"
  pitr_pg_ctl=("${run[@]}" env "PATH=$bin:$PATH" "$bin/pg_ctl")
}
step "throwaway directory" pitr_server_dir

pitr_restore() {
  # pitr restore refuses a non-empty target and runs pgBackRest as the directory's owner
  PITR_OS_USER=$(stat -c %U "$tmp") NODE_EXPORTER_TEXTFILE_DIR="" "$here/pitr" restore --time "$pitr_time" --pgdata "$tmp/data" |
    sed 's/^/    /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || die "pgBackRest could not restore (above)"
}
step "pgBackRest restore of the latest backup, WAL up to $pitr_time" pitr_restore

pitr_replay() {
  # Own socket, no TCP port, and archive_mode off: the drill must never push WAL of its own
  # timeline into the production repository.
  pg_ctl_cmd=("${pitr_pg_ctl[@]}")
  "${pg_ctl_cmd[@]}" start -D "$tmp/data" -w -t "${DRILL_PITR_TIMEOUT:-3600}" -l "$tmp/server.log" \
    -o "-p 5432 -c listen_addresses='' -c unix_socket_directories=$tmp -c archive_mode=off -c fsync=off" >/dev/null ||
    die "the restored server did not start: $(tail -n 5 "$tmp/server.log")"
  # the cluster's superuser: PGUSER of backup.env (the image's POSTGRES_USER has no postgres role)
  export PGHOST="$tmp" PGPORT=5432 PGUSER="${PGUSER:-postgres}" PGDATABASE=postgres
  unset PGPASSWORD PGSERVICE PGPASSFILE
  local i
  for ((i = 0; i < ${DRILL_PITR_TIMEOUT:-3600}; i++)); do
    [ "$("${PSQL[@]}" -c 'select pg_is_in_recovery()' 2>/dev/null)" != f ] || break
    sleep 1
  done
  [ "$("${PSQL[@]}" -c 'select pg_is_in_recovery()')" = f ] || die "still in recovery after ${DRILL_PITR_TIMEOUT:-3600} s: $(tail -n 5 "$tmp/server.log")"
  age=$("${PSQL[@]}" -c 'select coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp())::bigint, -1)')
  [ "$age" -ge 0 ] || die "no transaction was replayed from the WAL archive: is archive_command pushing WAL?"
  log "promoted; newest recovered commit $((age / 3600)) h $((age % 3600 / 60)) min $((age % 60)) s ago"
  [ "$age" -le $((max_age_h * 3600)) ] || die "the newest recovered commit is $((age / 3600)) h old, more than the $max_age_h h allowed — is WAL archived (pg_stat_archiver) and the backup timer running?"
}
step "start it, replay WAL, promote" pitr_replay

pitr_migrations() {
  local exists
  exists=$("${PSQL[@]}" -c "select count(*) from pg_database where datname = '$DATABASE'")
  [ "$exists" = 1 ] || die "database $DATABASE is not in the restored cluster (set DRILL_PITR_DATABASE)"
  PGDATABASE="$DATABASE" check_migrations
}
step "the app's migrations all applied ($DATABASE)" pitr_migrations

duration=$(($(date +%s) - job_started))
write_metrics drill \
  "restore_drill_pitr_last_success_timestamp_seconds $(date +%s)" \
  "restore_drill_pitr_duration_seconds $duration" \
  "restore_drill_pitr_data_age_seconds $age" \
  "restore_drill_pitr_last_status 1"
[ -n "$TEXTFILE_DIR" ] || skip "metrics (NODE_EXPORTER_TEXTFILE_DIR not set)"
log "passed in $duration s: the archive restores to $pitr_time and promotes"
