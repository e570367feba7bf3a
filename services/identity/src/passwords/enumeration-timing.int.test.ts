import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../accounts/accounts.repo.ts';
import { type IdentityHarness, setupIdentity } from '../testing.ts';

/**
 * Whether an address has an account must not show in how long the answer takes (issue 12:
 * forgot-password took 8.7 ms for a known address and 5.1 ms for an unknown one). Not a speed target:
 * samples for known and unknown addresses alternate, so noise on a shared machine falls on both,
 * and their medians must stay within TOLERANCE of each other (1.7× apart before the fix).
 */
const SAMPLES = 40;
const WARM_UP = 5;
const TOLERANCE = 1.3;
/**
 * A round disturbed by other work on the machine is measured again, up to this many times; a real
 * difference (as before the fix) shows in every round, so it still fails.
 */
const ROUNDS = 3;

let h: IdentityHarness;
beforeAll(async () => {
  h = await setupIdentity();
});
afterAll(() => h.close());

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Accounts of their own per sample (the per-account limits stay out of the way), confirmed or not. */
async function accounts(prefix: string, count: number, confirmed: boolean): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, i) => `${prefix}-${i}@example.com`);
  for (const email of emails) {
    await insertUser(h.db, { email, name: prefix, passwordHash: '$argon2id$unused', role: 'client', confirmed });
  }
  return emails;
}

/** Times `path` for known and unknown addresses alternately (each from its own client address). */
async function ratioOfMedians(path: string, known: string[], unknown: string[]): Promise<number> {
  const times = { known: [] as number[], unknown: [] as number[] };
  const once = async (email: string) => {
    const client = h.client();
    const body = path === '/register' ? { email, name: 'Sam Sample', password: 'amber-lighthouse-42' } : { email };
    const started = performance.now();
    const res = await client.post(path, body);
    const took = performance.now() - started;
    expect(res.status, email).toBe(202);
    return took;
  };
  for (let i = 0; i < known.length; i++) {
    // Which goes first alternates too, so neither always follows the other's background work.
    const order = i % 2 ? (['unknown', 'known'] as const) : (['known', 'unknown'] as const);
    for (const kind of order) {
      const took = await once(kind === 'known' ? (known[i] as string) : (unknown[i] as string));
      if (i >= WARM_UP) times[kind].push(took);
    }
  }
  const [k, u] = [median(times.known), median(times.unknown)];
  return Math.max(k, u) / Math.min(k, u);
}

/** The ratios of the rounds measured, stopping at the first within TOLERANCE. */
async function rounds(path: string, knownPrefix: string, confirmed: boolean): Promise<number[]> {
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS && !ratios.some((x) => x < TOLERANCE); r++) {
    const known = await accounts(`${knownPrefix}-${r}`, SAMPLES + WARM_UP, confirmed);
    const unknown = Array.from({ length: SAMPLES + WARM_UP }, (_, i) => `nobody-${knownPrefix}-${r}-${i}@example.com`);
    ratios.push(await ratioOfMedians(path, known, unknown));
  }
  return ratios;
}

describe('no account enumeration by timing', () => {
  it('forgot-password takes as long for an unknown address as for a known one', async () => {
    const ratios = await rounds('/password/forgot', 'reset', true);
    expect(Math.min(...ratios), `median ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}`).toBeLessThan(TOLERANCE);
  });

  it('resending a confirmation link takes as long for an unknown address as for one awaiting confirmation', async () => {
    const ratios = await rounds('/confirm/resend', 'resend', false);
    expect(Math.min(...ratios), `median ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}`).toBeLessThan(TOLERANCE);
  });

  it('registering takes as long with an address that has an account as with a new one', async () => {
    const ratios = await rounds('/register', 'register', true);
    expect(Math.min(...ratios), `median ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}`).toBeLessThan(TOLERANCE);
  });
});
