// The identity function on its own (one container): `node services/identity/src/main.ts`.
// What it is built from: src/function.ts.
import { runFunction } from '@coppertone/runtime';
import { identityFunction } from './function.ts';

await runFunction(identityFunction);
