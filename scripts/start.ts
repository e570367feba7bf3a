// `npm start`: build the web app if it is missing or stale, then run the whole platform in one process.
import { ensureWebBuild } from './lib/web-build.ts';

ensureWebBuild();
await import('../apps/server/src/main.ts');
