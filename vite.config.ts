import { defineConfig } from 'vitest/config';

// Root config: Vitest runs every workspace's unit and integration tests from here.
// The `source` export condition makes workspace packages resolve to their TypeScript
// sources, so tests never depend on a previous build.
//
// Two projects: every test on SQLite (the embedded default), and the suites that touch the database
// (store, runtime, server) again on PostgreSQL, each test on a schema of its own.
const POSTGRES_URL = process.env.SCOREFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['packages/{store,runtime}/src/**/*.test.ts', 'apps/server/src/**/*.test.ts'],
          env: { SCOREFLOW_TEST_POSTGRES: POSTGRES_URL },
        },
      },
    ],
  },
});
