import { defineConfig } from 'vitest/config';

// Root config: Vitest runs every workspace's unit and integration tests from here.
// The `source` export condition makes workspace packages resolve to their TypeScript
// sources, so tests never depend on a previous build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
