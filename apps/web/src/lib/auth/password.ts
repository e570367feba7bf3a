/**
 * The server's password rules (packages/auth `passwordProblem`), checked in the browser first so
 * people learn about a weak password before they send the form. The server still decides.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Prerendered from the same common-password list the server uses (see routes/auth/common-passwords.json). */
export const COMMON_PASSWORDS_PATH = '/auth/common-passwords.json';

export const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters. Not a common password, and not your name or e-mail address. A few words strung together work well.`;

/** Why a new password would be refused, in the words the pages show, or undefined when it is fine. */
export function passwordProblem(
  password: string,
  who: { email?: string; name?: string } = {},
  common: ReadonlySet<string> = new Set(),
): string | undefined {
  if (password === '') return 'Please choose a password.';
  if (password.length < PASSWORD_MIN) return `Please use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Please use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'This password is one of the most common ones. Please choose another.';
  if (new Set(lower).size < 4) return 'Please use a greater variety of characters.';
  const mine = [who.email, who.email?.split('@')[0], who.name].map((v) => v?.trim().toLowerCase()).filter(Boolean);
  if (mine.includes(lower)) return 'Please do not use your name or e-mail address as your password.';
  return undefined;
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
