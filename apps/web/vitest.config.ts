import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit tests of the web app's plain TypeScript (content parsing, form helpers) and of shared
// components rendered to HTML on the server (svelte/server). They run in Node: nothing here needs
// SvelteKit or a DOM.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [svelte()],
  test: { name: 'web', include: ['src/**/*.test.ts'], environment: 'node' },
});
