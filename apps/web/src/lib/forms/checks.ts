/** In-page checks of common fields, with the limits the server's schemas apply (@coppertone/contracts); the server still decides. */
import { EMAIL_MAX, NAME_MAX } from '@coppertone/contracts';

export function emailProblem(value: string): string | undefined {
  const email = value.trim();
  if (email === '') return 'Please enter your e-mail address.';
  if (email.length > EMAIL_MAX) return `Please use at most ${EMAIL_MAX} characters.`;
  // Deliberately loose: the server's check is the strict one.
  if (!/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email)) {
    return 'Please enter a valid e-mail address, such as name@example.com.';
  }
  return undefined;
}

export function nameProblem(value: string): string | undefined {
  const name = value.trim();
  if (name === '') return 'Please enter your name.';
  if (name.length > NAME_MAX) return `Please use at most ${NAME_MAX} characters.`;
  return undefined;
}

export function requiredProblem(value: string, message: string): string | undefined {
  return value === '' ? message : undefined;
}

/** The messages that are set, as a field → message map. */
export function collect<F extends string>(checks: Record<F, string | undefined>): Partial<Record<F, string>> {
  const found: Partial<Record<F, string>> = {};
  for (const [field, message] of Object.entries(checks) as [F, string | undefined][]) {
    if (message) found[field] = message;
  }
  return found;
}
