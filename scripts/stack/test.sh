#!/usr/bin/env bash
# `npm run stack:test`: the end-to-end test against the containers, as production runs them.
#   1. container tools (Debian packages, when missing)    5. idle memory of the containers
#   2. base images (stand-ins here; cached)               6. the Playwright journeys via the edge
#   3. every image, tagged with the commit                7. container tests (deploy/tests: the
#                                                            running stack; the prod compose file)
#   4. the test stack up, polled until healthy            8. tear-down (always, also on failure)
# Prints the time of each phase and, last, `N passed, N failed` over the journeys and the
# container tests. STACK_KEEP=1 leaves the stack up afterwards (then: npm run stack:down).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

export PATH="$STACK_ROOT/node_modules/.bin:$PATH" # Node 24 and Playwright from npm ci
results="$STACK_ROOT/test-results/stack"
mkdir -p "$results"
passed=0
failed=0
status=0

finish() {
  local code=$?
  [ "$code" -eq 0 ] || status=$code
  if [ -n "$STACK_PHASE_NAME" ]; then phase_end "failed"; fi
  if [ "${STACK_KEEP:-0}" = 1 ]; then
    log "STACK_KEEP=1: the stack stays up (npm run stack:down)"
  else
    phase_begin "tear-down"
    bash "$STACK_ROOT/scripts/stack/down.sh"
    phase_end
  fi
  phase_report
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] || status=1
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

[ -x "$STACK_ROOT/node_modules/.bin/playwright" ] || die "run npm ci first (Playwright and Node 24 come from it)"

phase_begin "container tools"
stack_need_tools
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  log "installing chromium (for the Playwright journeys)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
log "podman $(podman --version | awk '{print $3}'), podman-compose $(podman-compose version 2>/dev/null | awk '/podman-compose/ {print $3; exit}')"
phase_end

phase_begin "base images"
bash "$STACK_ROOT/scripts/stack/base-images.sh" || exit 1
phase_end

phase_begin "build images ($STACK_TAG)"
bash "$STACK_ROOT/scripts/stack/build.sh" || exit 1
phase_end

# Anything left from an interrupted run goes first.
bash "$STACK_ROOT/scripts/stack/down.sh" >/dev/null 2>&1

phase_begin "stack up → healthy"
# The payment stand-ins' /_control/* answer the journeys through Podman's port forwarding only with
# this run's token (their peer is not loopback there: packages/stand-ins/src/control-guard.ts).
FAKES_CONTROL_TOKEN=$(openssl rand -hex 24)
export FAKES_CONTROL_TOKEN
STACK_BUILD=0 bash "$STACK_ROOT/scripts/stack/up.sh" || exit 1
phase_end

memory() {
  local label="$1" file="$2"
  podman stats --no-stream --format json >"$file.raw" 2>/dev/null || {
    log "podman stats failed"
    return 0
  }
  node -e '
    const [file, out, label, project] = process.argv.slice(1);
    const rows = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
    const units = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1048576, GiB: 1073741824 };
    const bytes = (s) => { const m = /^([\d.]+)\s*([A-Za-z]+)/.exec(s); return m ? Number(m[1]) * (units[m[2]] ?? 1) : 0; };
    const app = ["edge", "web", "identity", "work", "contact", "billing", "worker"];
    const list = rows.filter((r) => r.name.startsWith(project + "_")).map((r) => ({
      service: r.name.slice(project.length + 1).replace(/_1$/, ""),
      bytes: bytes(String(r.mem_usage ?? "").split("/")[0].trim()),
    })).filter((r) => r.bytes > 0).sort((a, b) => b.bytes - a.bytes);
    const sum = (xs) => xs.reduce((t, r) => t + r.bytes, 0);
    const appTotal = sum(list.filter((r) => app.includes(r.service)));
    const pg = sum(list.filter((r) => r.service === "postgres"));
    for (const r of list) console.log(`  ${r.service.padEnd(10)} ${(r.bytes / 1e6).toFixed(1).padStart(7)} MB`);
    console.log(`  app containers (edge, web, functions, worker): ${(appTotal / 1e6).toFixed(1)} MB (target < 500 MB); with PostgreSQL: ${((appTotal + pg) / 1e6).toFixed(1)} MB`);
    require("node:fs").writeFileSync(out, JSON.stringify({ label, containers: list, appBytes: appTotal, postgresBytes: pg }, null, 2));
  ' "$file.raw" "$file" "$label" "$STACK_PROJECT"
  rm -f "$file.raw"
}

phase_begin "idle memory"
sleep "${STACK_SETTLE_SECONDS:-5}" # let start-up work (migrations, queue set-up) finish
memory idle "$results/memory-idle.json"
phase_end

# The journeys tagged @edge (e2e/tests/helpers/edge.ts): those whose outcome depends on the
# deployment path. Every journey runs in npm test's E2E tier; here they took 231 s for all 38, and
# the others check the browser's side and rules the all-in-one server runs as the stack does.
# STACK_E2E_ALL=1 runs every one through the edge.
phase_begin "E2E journeys (Playwright via the edge)"
e2e_json="$results/e2e.json"
e2e_grep=(--grep @edge)
[ "${STACK_E2E_ALL:-0}" != 1 ] || e2e_grep=()
rm -f "$e2e_json"
E2E_BASE_URL="http://127.0.0.1:$STACK_EDGE_PORT" \
  E2E_MAILBOX_URL="http://127.0.0.1:$STACK_MAILBOX_PORT/mailbox.json" \
  E2E_STRIPE_URL="http://127.0.0.1:$STACK_STRIPE_PORT" E2E_BTCPAY_URL="http://127.0.0.1:$STACK_BTCPAY_PORT" \
  PLAYWRIGHT_JSON_OUTPUT_NAME="$e2e_json" \
  npx playwright test -c "$STACK_ROOT/e2e/playwright.config.ts" --reporter=list,json "${e2e_grep[@]}" \
  --output="$results/playwright" # its own artifacts folder: another run in this tree cannot wipe it
e2e_status=$?
if [ -s "$e2e_json" ]; then
  read -r p f < <(node -e 'const s = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).stats;
    console.log(`${s.expected + (s.flaky ?? 0)} ${s.unexpected}`)' "$e2e_json")
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$e2e_status" -eq 0 ] || [ "$f" -gt 0 ] || failed=$((failed + 1))
else
  failed=$((failed + 1))
fi
if [ "$e2e_status" -eq 0 ]; then phase_end; else phase_end "failed"; fi
# The payment journeys (card, Bitcoin) are Playwright specs in e2e/tests like the others: they run
# here against billing and the payment fakes (control URLs: E2E_STRIPE_URL, E2E_BTCPAY_URL).

memory "after the journeys" "$results/memory-after-e2e.json"

phase_begin "container tests (deploy/tests)"
node_log="$results/container-tests.log"
COPPERTONE_TAG="$STACK_TAG" STACK_PROJECT="$STACK_PROJECT" STACK_EDGE_PORT="$STACK_EDGE_PORT" \
  node --test --test-reporter=spec "$STACK_ROOT"/deploy/tests/*.test.ts 2>&1 | tee "$node_log"
node_status=${PIPESTATUS[0]}
p="$(awk '/^ℹ pass / {print $3}' "$node_log" | tail -n 1)"
f="$(awk '/^ℹ fail / {print $3}' "$node_log" | tail -n 1)"
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))
[ "$node_status" -eq 0 ] || [ "${f:-0}" -gt 0 ] || failed=$((failed + 1))
if [ "$node_status" -eq 0 ]; then phase_end; else phase_end "failed"; fi

[ "$failed" -eq 0 ] || status=1
exit "$status"
