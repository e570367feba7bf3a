export * from './batch.ts';
export * from './connect.ts';
export * from './events.ts';
export * from './migrate.ts';
export type * from './tables.ts';
