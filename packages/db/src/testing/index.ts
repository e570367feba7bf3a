export * from './cluster.ts';
export * from './database.ts';
