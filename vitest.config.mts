import { defineConfig } from 'vitest/config';

// One package, two environments: node for common/backend/sandbox, a DOM for the frontend.
// Frontend tests that query a DataGrid by role opt into happy-dom with
// `// @vitest-environment happy-dom` (jsdom 27's CSS parser crashes there).
const shared = {
  globals: true,
  setupFiles: ['test/setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // material-ui-popup-state (via @backstage/plugin-catalog-react) imports an @mui/material folder,
  // which Node's ESM resolver rejects; let Vite resolve it instead.
  server: { deps: { inline: ['material-ui-popup-state', '@backstage/plugin-catalog-react'] } },
};

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          ...shared,
          name: 'node',
          environment: 'node',
          include: ['test/{common,backend,modules,sandbox,dist}/**/*.test.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'frontend',
          environment: 'jsdom',
          include: ['test/frontend/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
