// The rehearsal's load generator: requests the site through nginx at a steady rate until SIGTERM,
// then writes its counts as JSON (to the file named by --out) and exits. A request fails when it
// gets no answer, or an answer that is not the expected one (5xx, or any other unexpected status).
// The rate stays under the edge's per-address limits (site 60 r/s, API 30 r/s), so a 429 counts
// as a failure too.
//   node deploy/tests/rehearsal-load.ts --base http://127.0.0.1:18480 --rate 30 --out counts.json
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:18480' },
    rate: { type: 'string', default: '30' },
    out: { type: 'string' },
  },
});
const base = values.base ?? '';
const rate = Number(values.rate);
// The same three kinds of request as the deploy's smoke test: a public page, the sign-in page,
// an API read of the database (an unknown invite: 404 from the identity function). The invite is
// token-shaped (43 URL-safe characters): the identity function answers a malformed one without
// asking the database, and then a PostgreSQL restart would go unseen.
const unknownInvite = 'rehearsal-load'.padEnd(43, '0');
const targets = [
  { path: '/', want: 200 },
  { path: '/auth/login', want: 200 },
  { path: `/api/identity/invites/${unknownInvite}`, want: 404 },
];

// firstFailure, lastFailure: when the first and the last failed request were sent (ISO), so a step can tell that every failure
// fell inside a window it measured (PostgreSQL's restart), not only the first ten. The sending time,
// not the answer's: a request sent while the database was down may take up to its 10 s timeout to
// fail, later still on a loaded machine.
const counts = {
  sent: 0,
  ok: 0,
  failed: 0,
  byStatus: {} as Record<string, number>,
  firstFailures: [] as string[],
  firstFailure: '',
  lastFailure: '',
};
let inFlight = 0;
let stopping = false;

async function once(i: number): Promise<void> {
  const t = targets[i % targets.length] as (typeof targets)[number];
  const sentAt = new Date().toISOString();
  counts.sent++;
  inFlight++;
  let outcome: string;
  try {
    const res = await fetch(base + t.path, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    outcome = String(res.status);
    if (res.status === t.want) counts.ok++;
    else counts.failed++;
  } catch (err) {
    outcome = `error:${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message.split(' ')[0] : (err as Error).name}`;
    counts.failed++;
  }
  inFlight--;
  counts.byStatus[outcome] = (counts.byStatus[outcome] ?? 0) + 1;
  if (outcome !== String(t.want)) {
    if (!counts.firstFailure || sentAt < counts.firstFailure) counts.firstFailure = sentAt;
    if (sentAt > counts.lastFailure) counts.lastFailure = sentAt;
    if (counts.firstFailures.length < 10) counts.firstFailures.push(`${sentAt} ${t.path} → ${outcome}`);
  }
}

let n = 0;
const timer = setInterval(() => {
  if (!stopping) void once(n++);
}, 1000 / rate);

async function stop(): Promise<void> {
  stopping = true;
  clearInterval(timer);
  const deadline = Date.now() + 12_000;
  while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const json = JSON.stringify(counts);
  if (values.out) writeFileSync(values.out, `${json}\n`);
  else process.stdout.write(`${json}\n`);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
