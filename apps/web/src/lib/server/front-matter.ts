/**
 * Reads the small `key: value` block between `---` lines at the top of a content file.
 * Deliberately tiny: one value per line, optional quotes, `#` comments. No nesting, no lists.
 */
export function parseFrontMatter(source: string, file = 'content'): { data: Record<string, string>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return { data: {}, body: source };

  const data: Record<string, string> = {};
  for (const [index, line] of (match[1] ?? '').split(/\r?\n/).entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const colon = trimmed.indexOf(':');
    if (colon < 1) {
      throw new Error(`${file}: front-matter line ${index + 2} should look like "key: value"`);
    }
    let value = trimmed.slice(colon + 1).trim();
    if (value.length >= 2 && /^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    data[trimmed.slice(0, colon).trim()] = value;
  }
  return { data, body: source.slice(match[0].length) };
}
