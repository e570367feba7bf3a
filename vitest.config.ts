import { defineConfig } from 'vitest/config';

// deploy/ tests drive Podman and run from the stack test (npm run stack:test), not here.
const exclude = ['**/node_modules/**', '**/build/**', '**/.svelte-kit/**', 'e2e/**', 'apps/web/**', 'deploy/**'];

// Every log line of a run is also captured and searched for secrets at its end (a find fails the run).
const logCapture = 'packages/observability/src/testing/global-setup.ts';

// Two tiers: unit tests beside the code, integration tests (`*.int.test.ts`) against a real
// PostgreSQL started for the run — or, with TEST_DB=pglite, the same suite on embedded PGlite.
// A worker runs its test files one after another in one module graph (`isolate: false`) instead
// of importing Hono, Kysely, zod and every function again for each of the 110 files: on an idle
// two-core machine, both tiers took 78–119 s instead of 142 s (CPU 50 s instead of 132 s), the
// PGlite files 63 s instead of 129 s. Each file makes its own database, app and mailbox, and
// passes in any order (checked with --sequence.shuffle.files).
export default defineConfig({
  test: {
    projects: [
      'apps/web/vitest.config.ts',
      {
        test: {
          name: 'unit',
          isolate: false,
          include: ['**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts'],
          globalSetup: [logCapture],
        },
      },
      {
        test: {
          name: 'integration',
          isolate: false,
          include: ['**/*.int.test.ts'],
          exclude,
          globalSetup: ['packages/db/src/testing/global-setup.ts', logCapture],
          // Generous: embedded PGlite is several times slower than a server, and CI machines are shared.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
