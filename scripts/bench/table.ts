// Output: result tables on stdout, progress on stderr (so `npm run bench > results.txt` stays clean).

export type Cell = string | number;

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(title: string, head: string[], rows: Cell[][], notes: string[] = []): string {
  const cells = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const [top = [], ...body] = cells;
  return [title, '', line(top), rule, ...body.map(line), ...notes.map((n) => `  ${n}`), '', ''].join('\n');
}

export function print(text: string): void {
  process.stdout.write(text);
}

const started = performance.now();

export function progress(message: string): void {
  process.stderr.write(`[bench +${Math.round((performance.now() - started) / 1000)} s] ${message}\n`);
}

export const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

/** Milliseconds, with one decimal below 100. */
export const ms = (value: number): string => (value < 100 ? value.toFixed(1) : Math.round(value).toString());

export const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

export const count = (value: number): string => Math.round(value).toLocaleString('en-US');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Nearest-rank percentile (`p` in 0–100) of a sample. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
