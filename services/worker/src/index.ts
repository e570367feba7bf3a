export { workerConfigFields } from './config.ts';
export { ALL_QUEUES, allJobs, runWorker, type WorkerDeps } from './jobs.ts';
