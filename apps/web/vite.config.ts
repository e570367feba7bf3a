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
      // Every page (prerendered ones and the 200.html shell) carries this policy as a <meta>, with
      // the hash of SvelteKit's inline start-up script added: only our own scripts run, and nothing
      // loads from or connects to another origin (payments leave the site by a plain navigation).
      // Inline styles stay allowed (app.html's wrapper and Svelte's style directives use them). What a
      // <meta> cannot say (frame-ancestors) comes as a header from the server or nginx (PAGE_HEADERS).
      csp: {
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
        },
      },
    }),
  ],
});
