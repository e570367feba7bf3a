// The work function on its own (one container): `node services/work/src/main.ts`.
// What it is built from: src/function.ts.
import { runFunction } from '@coppertone/runtime';
import { workFunction } from './function.ts';

await runFunction(workFunction);
