export * from './boot.ts';
export * from './function.ts';
export { runFunction } from './run-function.ts';
