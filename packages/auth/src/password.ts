import { brokenPasswordRule, PASSWORD_MAX, PASSWORD_MIN, type PasswordRule } from '@coppertone/contracts';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// The library's default algorithm is argon2id (asserted by a test).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let common: Set<string> | undefined;
const commonPasswords = () => {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
};

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows, verified against when no user matches, so timing does not tell. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  return decoy;
};

/** The API's words for each password rule (@coppertone/contracts). */
const REFUSED: Record<PasswordRule, string> = {
  short: `Password must be at least ${PASSWORD_MIN} characters`,
  long: `Password must be at most ${PASSWORD_MAX} characters`,
  common: 'This password is too common; choose another',
  variety: 'Password needs more variety',
  personal: 'Password must not be your name or e-mail',
};

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  const rule = brokenPasswordRule(password, context, commonPasswords());
  return rule && REFUSED[rule];
}
