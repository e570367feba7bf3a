export * from './boot.ts';
