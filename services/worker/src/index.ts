export { workerConfigFields } from './config.ts';
export { buildWorker, workerFunction } from './function.ts';
export { ALL_QUEUES, allJobs, type WorkerDeps } from './jobs.ts';
export { startWorker, type WorkerOptions } from './worker.ts';
