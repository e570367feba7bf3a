# shellcheck shell=bash
# The results of a shell test suite: `ok - …` / `not ok - …` per check, counted in passed and
# failed for the suite's last line, `N passed, N failed`. Sourced, never run.

passed=0
failed=0
ok() {
  passed=$((passed + 1))
  echo "ok - $*"
}
not_ok() {
  failed=$((failed + 1))
  echo "not ok - $*"
}
# check "description" command…: ok when the command succeeds; its output (the last 15 lines) shows
# only when it fails.
check() {
  local what="$1" out
  shift
  if out="$("$@" 2>&1)"; then ok "$what"; else
    not_ok "$what"
    [ -z "$out" ] || printf '%s\n' "$out" | tail -n 15 | sed 's/^/    /'
  fi
}
