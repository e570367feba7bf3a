import { PASSWORD_MAX, PASSWORD_MIN } from '@coppertone/contracts';
import { dictionary } from '@zxcvbn-ts/language-common';

// The server refuses passwords from this list (packages/auth). The browser checks them too, so
// the same list is written out at build time: only the entries of an allowed length, since
// shorter ones are refused anyway — about 1,700 words, some 10 KB gzipped, fetched when needed.
export const prerender = true;

export function GET(): Response {
  const list = new Set<string>();
  for (const password of dictionary['passwords-common'] ?? []) {
    const lower = password.toLowerCase();
    if (lower.length >= PASSWORD_MIN && lower.length <= PASSWORD_MAX) list.add(lower);
  }
  return Response.json([...list].sort());
}
