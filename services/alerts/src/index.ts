export * from './app.ts';
export * from './config.ts';
export * from './format.ts';
export * from './mail.ts';
export * from './matrix.ts';
export * from './webhook.schema.ts';
