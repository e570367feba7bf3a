export * from './app.ts';
export * from './body.ts';
export * from './client-address.ts';
export * from './errors.ts';
export * from './rate-limit.ts';
export * from './route.ts';
export * from './same-origin.ts';
export * from './serve.ts';
