import { flag } from '@coppertone/config';

/** Settings of the all-in-one server itself, on top of those of every function it mounts. */
export const serverConfigFields = {
  /**
   * `false`: this server only answers requests; queued jobs, the contact outbox and the payment
   * reconciler are left to a worker running beside it (`node services/worker/src/main.ts`).
   */
  RUN_WORKER: flag.default(true),
};
