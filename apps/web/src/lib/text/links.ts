/**
 * Web addresses in what people type (a task's description, a comment, a message) become links.
 * Only http and https addresses are recognised, so `javascript:` or `data:` text never becomes a
 * link; punctuation that ends a sentence is left out of the address.
 */
export type TextPart = { text: string } | { text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Characters that end a sentence rather than an address; a closing bracket only when unopened. */
const TRAILING = /[.,;:!?'"*_]+$/;

function trimAddress(raw: string): string {
  let address = raw.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (address.endsWith(close) && address.split(open).length < address.split(close).length) {
      address = address.slice(0, -1).replace(TRAILING, '');
    }
  }
  return address;
}

function safeHref(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The text cut into plain runs and links, in order; joined, their texts give the text back. */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const address = trimAddress(match[0]);
    const href = safeHref(address);
    if (!href) continue;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: address, href });
    at = start + address.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/** A long name cut to `max` characters with an ellipsis (the full name goes in a title or label). */
export const shortName = (name: string, max = 60): string =>
  name.length > max ? `${name.slice(0, max - 1).trimEnd()}…` : name;
