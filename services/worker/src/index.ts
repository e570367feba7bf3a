export { workerConfigFields } from './config.ts';
export { ALL_QUEUES, allJobs, type WorkerDeps } from './jobs.ts';
