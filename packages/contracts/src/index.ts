export * from './app-paths.ts';
export * from './contact.ts';
export * from './dates.ts';
export * from './money.ts';
export * from './notifications.ts';
export * from './passwords.ts';
export * from './people.ts';
