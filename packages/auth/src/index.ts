export * from './guard.ts';
export * from './password.ts';
export * from './policy.ts';
export * from './session-cache.ts';
export * from './sessions.ts';
export * from './tokens.ts';
