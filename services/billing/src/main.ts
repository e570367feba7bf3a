// The billing function on its own (one container): `node services/billing/src/main.ts`.
// What it is built from: src/function.ts.
import { runFunction } from '@coppertone/runtime';
import { billingFunction } from './function.ts';

await runFunction(billingFunction);
