export * from './base.ts';
export * from './load.ts';
