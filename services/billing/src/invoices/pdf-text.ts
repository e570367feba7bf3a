import { inflateSync } from 'node:zlib';

/**
 * The text a PDF made by PDFKit shows, for tests: its content streams inflated, and the strings of
 * their text operators (hex `<…>` or literal `(…)`) decoded and joined. Enough to check what an
 * invoice prints, not a general PDF reader.
 */
export function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const block of content.matchAll(/\[(.*?)\]\s*TJ/gs)) {
      const parts = [...(block[1] ?? '').matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)].map((p) =>
        p[1] !== undefined ? Buffer.from(p[1], 'hex').toString('latin1') : (p[2] ?? ''),
      );
      out.push(parts.join(''));
    }
  }
  return out.join('\n');
}
