import { defineConfig } from 'vitest/config';

// `npm run test:conformance`: our enable/rollback code path against moto_server, an independent
// Lambda implementation. Needs moto_server on PATH (CI: .ci/machine.sh checks it).
export default defineConfig({
  test: {
    globals: true,
    setupFiles: ['test/setup.ts'],
    include: ['test/conformance/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
