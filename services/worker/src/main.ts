// The worker on its own (one container): runs queued jobs, the contact outbox and the payment
// reconciler (src/worker.ts); serves only health and metrics. What it is built from: src/function.ts.
import { runFunction } from '@coppertone/runtime';
import { workerFunction } from './function.ts';

await runFunction(workerFunction);
