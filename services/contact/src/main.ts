// The contact function on its own (one container): `node services/contact/src/main.ts`.
// What it is built from: src/function.ts.
import { runFunction } from '@coppertone/runtime';
import { contactFunction } from './function.ts';

await runFunction(contactFunction);
