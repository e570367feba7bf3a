import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being handled, wherever its work goes on in this process: a job it queues
 * carries the id to the worker, so one id finds every log line of a request across functions.
 */
const current = new AsyncLocalStorage<string>();

export function withRequestId<T>(requestId: string, fn: () => T): T {
  return current.run(requestId, fn);
}

export function currentRequestId(): string | undefined {
  return current.getStore();
}
