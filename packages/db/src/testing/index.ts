export * from './cluster.ts';
export * from './database.ts';
export * from './sql-outside-repos.ts';
