/**
 * The tag of the journeys that run a second time through the container stack's edge
 * (scripts/stack/test.sh runs `--grep @edge`): those whose outcome depends on the deployment path —
 * nginx's routing between functions, its redirects and headers, live updates through the proxy,
 * mail sent by the worker container, payment webhooks from the stand-ins' containers, PDFs. The
 * others check the browser's side and the functions' rules, which are the same code in the
 * all-in-one server, where npm test's E2E tier runs every journey.
 */
export const EDGE = { tag: '@edge' };
