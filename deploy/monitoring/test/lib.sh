# shellcheck shell=bash
# Shared by the monitoring suites that run `node --test` files (alerts.sh, live.sh): the Node to
# run them with, the tools check, and the counts of a run added to the suite's totals. Sourced from
# the repository root, never run.

passed=0
failed=0
# Node 24 from `npm ci` when present (the machine's own may be older).
# shellcheck disable=SC2034 # run by the suites that source this
node=node_modules/.bin/node
[ -x "$node" ] || node=node

# need_tools "SUITE" "apt-get install HINT" TOOL…: stops the suite as one failure, naming every
# missing tool and how to install it, unless all are on PATH.
need_tools() {
  local suite="$1" hint="$2" tool missing=()
  shift 2
  # A tool may be named by its path (command -v accepts an executable's path).
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "not ok - $suite: missing ${missing[*]} ($hint)"
  echo "0 passed, 1 failed"
  exit 1
}

# tally STATUS LOG: adds a `node --test` run's counts (its spec output in LOG, its exit status
# STATUS) to passed/failed; a run that crashed or timed out before its summary is a failure.
tally() {
  local status="$1" log="$2" p f
  p="$(awk '/^ℹ pass / {print $3}' "$log" | tail -n 1)"
  f="$(awk '/^ℹ fail / {print $3}' "$log" | tail -n 1)"
  p=${p:-0}
  f=${f:-1}
  [ "$status" -eq 0 ] || [ "$f" -gt 0 ] || f=$((f + 1))
  passed=$((passed + p))
  failed=$((failed + f))
}
