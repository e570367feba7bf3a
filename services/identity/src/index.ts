export { ACCOUNT_MAIL_JOB, accountMailJob } from './accounts/accounts.jobs.ts';
export { createIdentityApp, type IdentityAppDeps } from './app.ts';
export { DEMO_COMPANY, DEMO_PASSWORD, DEMO_USERS, seedDemoAccounts } from './demo.ts';
export { buildIdentity, identityFunction } from './function.ts';
