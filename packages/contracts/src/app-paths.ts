/**
 * The client-rendered areas: any path under these is answered by the web app's shell (200.html),
 * by the all-in-one server and by the web image's nginx (deploy/nginx/web.conf names the same four).
 */
export const APP_PREFIXES = ['/portal', '/staff', '/account', '/auth'] as const;
