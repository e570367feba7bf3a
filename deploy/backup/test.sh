#!/usr/bin/env bash
# The backup tests (deploy/backup/test/{backup,pitr,pitr-failure}.test.ts, `node --test`) against the real tools on
# 127.0.0.1: PostgreSQL (initdb/pg_ctl), restic, s3rver over TLS, sshd, sqlite3. Needs the Debian
# packages restic, openssh-server, sqlite3, jq, postgresql and pgbackrest, and `npm ci` (s3rver, Node 24).
# `npm run backup:test`; BACKUP_TEST_KEEP=1 keeps the temp directory (runs.log has every output).
# The last line is `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
missing=()
for tool in restic sshd sqlite3 jq psql pg_dump openssl pgbackrest; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]} (apt-get install restic openssh-server sqlite3 jq postgresql pgbackrest)"
  echo "0 passed, 1 failed"
  exit 1
fi
shellcheck_status=0
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck -x deploy/backup/backup deploy/backup/restore deploy/backup/drill deploy/backup/pitr deploy/backup/lib.sh deploy/backup/test.sh \
    deploy/backup/drill-pitr.sh deploy/backup/postgres/entrypoint.sh deploy/backup/test-image.sh || shellcheck_status=1
else
  echo "shellcheck not installed: the lint is skipped"
fi
node=node
[ -x node_modules/.bin/node ] && node=node_modules/.bin/node
log=$(mktemp)
set +e
# All three files at once: the PITR files mostly wait on pgBackRest's timeouts and the servers.
timeout 900 "$node" --test --test-reporter=spec --test-concurrency=3 deploy/backup/test/backup.test.ts \
  deploy/backup/test/pitr.test.ts deploy/backup/test/pitr-failure.test.ts 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
p="$(awk '/^ℹ pass / {print $3}' "$log" | tail -n 1)"
f="$(awk '/^ℹ fail / {print $3}' "$log" | tail -n 1)"
rm -f "$log"
p=${p:-0}
f=${f:-1}
[ "$status" -eq 0 ] || [ "$f" -gt 0 ] || f=$((f + 1))
if [ "$shellcheck_status" -ne 0 ]; then f=$((f + 1)); else p=$((p + 1)); fi
echo "backup tests: $(($(date +%s) - started)) s"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
