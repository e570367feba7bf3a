/**
 * The password rules identity applies (@coppertone/contracts), checked in the browser first so
 * people learn about a weak password before they send the form, in the pages' words. The server
 * still decides.
 */
import { brokenPasswordRule, PASSWORD_MAX, PASSWORD_MIN, type PasswordRule } from '@coppertone/contracts';

/** Prerendered from the same common-password list the server uses (see routes/auth/common-passwords.json). */
export const COMMON_PASSWORDS_PATH = '/auth/common-passwords.json';

export const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters. Not a common password, and not your name or e-mail address. A few words strung together work well.`;

const REFUSED: Record<PasswordRule, string> = {
  short: `Please use at least ${PASSWORD_MIN} characters.`,
  long: `Please use at most ${PASSWORD_MAX} characters.`,
  common: 'This password is one of the most common ones. Please choose another.',
  variety: 'Please use a greater variety of characters.',
  personal: 'Please do not use your name or e-mail address as your password.',
};

/** Why a new password would be refused, in the words the pages show, or undefined when it is fine. */
export function passwordProblem(
  password: string,
  who: { email?: string; name?: string } = {},
  common: ReadonlySet<string> = new Set(),
): string | undefined {
  if (password === '') return 'Please choose a password.';
  const rule = brokenPasswordRule(password, who, common);
  return rule && REFUSED[rule];
}

let common: Promise<ReadonlySet<string>> | undefined;

/** The common-password list, fetched once (it is about 10 KB); an empty set if it cannot be had. */
export function commonPasswords(fetchList: typeof fetch = fetch): Promise<ReadonlySet<string>> {
  common ??= fetchList(COMMON_PASSWORDS_PATH)
    .then((response) => (response.ok ? response.json() : []))
    .then((list: unknown) => new Set(Array.isArray(list) ? list.filter((p) => typeof p === 'string') : []))
    .catch(() => {
      // Try again next time; the server checks anyway.
      common = undefined;
      return new Set<string>();
    });
  return common;
}
