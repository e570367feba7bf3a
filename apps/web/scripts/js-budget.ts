/**
 * Checks the JavaScript budget of the built public pages: for every HTML file in build/, sums the
 * gzipped size of the scripts it loads (modulepreload links, script tags, inline imports, and
 * their static imports). Fails when a page is over the budget.
 *
 *   npm run build -w @coppertone/web && npm run budget -w @coppertone/web
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 30 * 1024;
const build = resolve(import.meta.dirname, '../build');
// The SPA shell is not a public page; it is measured for information only.
const INFORMATIONAL = new Set(['200.html']);

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '_app' ? [] : htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

function scriptsOf(html: string): string[] {
  const found = new Set<string>();
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    if (!/rel=["']?modulepreload/.test(tag)) continue;
    const href = /href=["']([^"']+)["']/.exec(tag)?.[1];
    if (href) found.add(href);
  }
  for (const pattern of [/<script\b[^>]*\bsrc=["']([^"']+)["']/g, /import\(\s*["']([^"']+\.js)["']\s*\)/g]) {
    for (const [, src] of html.matchAll(pattern)) if (src) found.add(src);
  }
  return [...found].map((url) => join(build, url.replace(/^\//, '')));
}

/** A module and everything it imports statically (what the browser fetches before running it). */
function withStaticImports(file: string, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, spec] of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g)) {
    if (spec?.startsWith('.')) withStaticImports(resolve(dirname(file), spec), seen);
  }
}

let failed = false;
const rows: string[] = [];
for (const page of htmlFiles(build).sort()) {
  const name = relative(build, page);
  const files = new Set<string>();
  for (const script of scriptsOf(readFileSync(page, 'utf8'))) withStaticImports(script, files);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const over = gzip > BUDGET_BYTES && !INFORMATIONAL.has(name);
  failed ||= over;
  rows.push(
    `${name.padEnd(24)} ${String(files.size).padStart(3)} files ${(raw / 1024).toFixed(1).padStart(7)} KB raw ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip${over ? '  OVER BUDGET' : ''}${INFORMATIONAL.has(name) ? '  (SPA shell, not budgeted)' : ''}`,
  );
}
console.log(`JavaScript per page (budget ${BUDGET_BYTES / 1024} KB gzip):\n${rows.join('\n')}`);
if (failed) process.exit(1);
