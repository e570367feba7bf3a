import { defineConfig } from 'vitest/config';

// Unit tests of the web app's plain TypeScript (content parsing, form helpers). They run in Node:
// nothing here needs SvelteKit or a DOM.
export default defineConfig({
  root: import.meta.dirname,
  test: { name: 'web', include: ['src/**/*.test.ts'], environment: 'node' },
});
