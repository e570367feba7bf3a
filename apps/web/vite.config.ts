import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      // Public pages are prerendered to build/*.html; anything else (the future /portal and
      // /staff areas) falls back to the client-rendered shell in build/200.html.
      adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html' }),
      // Absolute asset URLs: build/404.html and build/200.html are served at arbitrary depths.
      paths: { relative: false },
      prerender: {
        // 404 is linked from nowhere, so it is listed explicitly.
        entries: ['*', '/404'],
      },
    }),
  ],
});
