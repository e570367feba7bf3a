/**
 * A new password's rules, the same in the browser (checked as people type, in the pages' words) and
 * in identity (which decides, in the API's words): each side words the rule it gets from here.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** The rules, in the order they are checked: the first one broken is the one said. */
export type PasswordRule = 'short' | 'long' | 'common' | 'variety' | 'personal';

/**
 * The rule a new password breaks, or undefined when it keeps them all: PASSWORD_MIN to PASSWORD_MAX
 * characters, not one of `common` (lower case), at least four different characters, and not the
 * person's e-mail address, the part before its @ or their name (in any case).
 */
export function brokenPasswordRule(
  password: string,
  who: { email?: string; name?: string } = {},
  common: ReadonlySet<string> = new Set(),
): PasswordRule | undefined {
  if (password.length < PASSWORD_MIN) return 'short';
  if (password.length > PASSWORD_MAX) return 'long';
  const lower = password.toLowerCase();
  if (common.has(lower)) return 'common';
  if (new Set(lower).size < 4) return 'variety';
  const mine = [who.email, who.email?.split('@')[0], who.name].map((v) => v?.trim().toLowerCase()).filter(Boolean);
  if (mine.includes(lower)) return 'personal';
  return undefined;
}
