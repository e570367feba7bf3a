// JavaScript a page ships: what its HTML loads, plus everything those files import statically.
import { gzipSync } from 'node:zlib';

export interface PageJs {
  path: string;
  /** The page's HTTP status; only a 200 page is measured. */
  status: number;
  files: number;
  rawBytes: number;
  gzipBytes: number;
  /** Referenced JS that did not answer 200. */
  missing: string[];
}

/** `name="value"`, `name='value'` or `name=value` attributes of one tag. */
function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    attrs.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** `<script src>`, `<link rel="modulepreload" href>` and `import("…")` in inline scripts. */
export function htmlEntries(html: string): string[] {
  const found: string[] = [];
  for (const [, name = '', attrs = ''] of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const a = attributes(attrs);
    if (name.toLowerCase() === 'script' && a.has('src')) found.push(a.get('src') ?? '');
    if (name.toLowerCase() === 'link' && a.get('rel')?.split(/\s+/).includes('modulepreload')) {
      found.push(a.get('href') ?? '');
    }
  }
  for (const [, attrs = '', code = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (attributes(attrs).has('src')) continue;
    for (const m of code.matchAll(/\bimport\(\s*(["'`])([^"'`]+)\1\s*\)/g)) found.push(m[2] ?? '');
  }
  return found.filter(Boolean);
}

/** Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"` specifiers (not `import()`). */
export function staticImports(code: string): string[] {
  const specs: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[^"'`;()]*?\bfrom\s*)?(["'])(\.{0,2}\/[^"']+)\1/g)) {
    specs.push(m[2] ?? '');
  }
  return specs;
}

/** Walks one page's JS graph. `cache` holds fetched files (null when missing) across pages. */
export async function pageJs(baseUrl: string, path: string, cache: Map<string, Buffer | null>): Promise<PageJs> {
  const pageUrl = new URL(path, baseUrl);
  const res = await fetch(pageUrl);
  const html = await res.text();
  const result: PageJs = { path, status: res.status, files: 0, rawBytes: 0, gzipBytes: 0, missing: [] };
  if (res.status !== 200) return result;

  const origin = pageUrl.origin;
  const queue: URL[] = htmlEntries(html).map((spec) => new URL(spec, pageUrl));
  const seen = new Set<string>();
  for (let url = queue.shift(); url; url = queue.shift()) {
    url.hash = '';
    if (url.origin !== origin || !url.pathname.endsWith('.js') || seen.has(url.href)) continue;
    seen.add(url.href);
    if (!cache.has(url.href)) {
      const js = await fetch(url);
      cache.set(url.href, js.status === 200 ? Buffer.from(await js.arrayBuffer()) : null);
    }
    const body = cache.get(url.href);
    if (!body) {
      result.missing.push(url.pathname);
      continue;
    }
    result.files += 1;
    result.rawBytes += body.length;
    result.gzipBytes += gzipSync(body, { level: 9 }).length;
    for (const spec of staticImports(body.toString('utf8'))) queue.push(new URL(spec, url));
  }
  return result;
}
