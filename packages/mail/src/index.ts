export * from './job.ts';
export * from './mailer.ts';
