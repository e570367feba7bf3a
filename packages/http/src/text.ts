/**
 * Text no field can hold: PostgreSQL refuses a NUL character in `text` (the request would fail as a
 * 500 at the database, after the password was hashed), and a lone UTF-16 surrogate (JSON's
 * `"\ud800"`) is not a character at all: encoded to UTF-8 it silently becomes U+FFFD, so what was
 * stored would not be what was sent. Both are refused at the edge, for every body, query string and
 * path, with a 400 naming the field.
 */
export const NUL_MESSAGE = 'Contains a NUL character (U+0000), which cannot be stored; remove it.';
export const SURROGATE_MESSAGE = 'Contains a broken character (a lone UTF-16 surrogate); type it again.';

/** Why `text` cannot be stored, or undefined when it can. */
export function badTextProblem(text: string): string | undefined {
  if (text.includes('\0')) return NUL_MESSAGE;
  if (!text.isWellFormed()) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * Every string in a parsed body (values and object keys, at any depth) that cannot be stored, by
 * field path as the validation errors name them (`lines.0.description`).
 */
export function badTextFields(value: unknown, path = '', out: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') {
    const problem = badTextProblem(value);
    if (problem) out[path || 'body'] ??= problem;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      badTextFields(item, path ? `${path}.${i}` : String(i), out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const keyProblem = badTextProblem(key);
      // A key that cannot be stored is named as it arrived but made printable, so the answer is valid JSON text.
      if (keyProblem) out[at.replace(/\0/g, '\\u0000').toWellFormed()] ??= keyProblem;
      else badTextFields(item, at, out);
    }
  }
  return out;
}
