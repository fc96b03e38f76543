// The portal benchmark renders components the way the frontend tests do (Vitest, happy-dom,
// Backstage's test app, msw), so it runs under Vitest with this config; bench/suites/portal.ts
// starts it and reads the durations it writes.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    globals: true,
    // As the frontend tests over a DataGrid: jsdom 27's CSS parser crashes there.
    environment: 'happy-dom',
    setupFiles: ['test/setup.ts'],
    include: ['bench/portal/**/*.measure.tsx'],
    pool: 'forks',
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
