import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestRuntime, type TestRuntime } from '@scoreflow/runtime/testing';
import { createStore, openDatabase, type Role, type Store } from '@scoreflow/store';
import { createTestDatabase } from '@scoreflow/store/testing';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type AppDeps, createApp } from './app.js';
import { hashSecret, newSecret } from './auth/secrets.js';

/** A fresh API token with `role` in `store`, and the headers that send it. */
export async function tokenHeaders(store: Store, role: Role = 'admin'): Promise<{ authorization: string }> {
  const token = newSecret('sf_test_');
  await store.access.createToken({ name: `test ${role}`, hash: hashSecret(token), role });
  return { authorization: `Bearer ${token}` };
}

/**
 * `app` as an admin calls it: requests that carry no Authorization header get an admin token's. Route
 * tests test their routes; access control has its own tests against the bare app.
 */
export async function asAdmin(app: Express, store: Store): Promise<Express> {
  const { authorization } = await tokenHeaders(store, 'admin');
  const outer = express();
  outer.set('trust proxy', 'loopback');
  outer.use((req, _res, next) => {
    req.headers.authorization ??= authorization;
    next();
  });
  outer.use(app);
  return outer;
}

/**
 * An app on a test database (a real SQLite file in a temp dir, or a schema of its own on PostgreSQL
 * when SCOREFLOW_TEST_POSTGRES is set), called as an admin (see {@link asAdmin}); `cleanup` removes it.
 */
export async function createTestApp(): Promise<{
  app: Express;
  bare: Express;
  store: Store;
  cleanup: () => Promise<void>;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-server-'));
  const database = await createTestDatabase(dir, 'test.db');
  const store = createStore(await openDatabase(database.location));
  const bare = createApp({ store, logger: pino({ level: 'silent' }) });
  return {
    app: await asAdmin(bare, store),
    bare,
    store,
    cleanup: async () => {
      await store.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type RuntimeOptions = NonNullable<Parameters<typeof createTestRuntime>[0]>;

export interface TestAppOptions {
  /**
   * Run the app over a test runtime with these options (a function for values an earlier hook makes,
   * such as a mail server's URL); without it the app has a store alone, as {@link createTestApp} makes.
   */
  runtime?: true | Partial<RuntimeOptions> | (() => Partial<RuntimeOptions>);
  /** Start the runtime's workers; default true. */
  start?: boolean;
  /** Dependencies of the app besides the store, the silent logger and the runtime's ingest. */
  deps?: (t: TestRuntime) => Partial<AppDeps>;
  /** 'file': one app for every test of the file or describe block (beforeAll); default: one per test. */
  per?: 'test' | 'file';
}

export interface TestApp {
  /** The app called as an admin (see {@link asAdmin}). */
  app(): Express;
  /** The app itself: requests need credentials of their own. */
  bare(): Express;
  store(): Store;
  /** The test runtime; only with `runtime` in the options. */
  runtime(): TestRuntime;
  /** Headers with an admin's API token. */
  admin(): { authorization: string };
}

/**
 * Registers the hooks that create an app (over a test runtime when `options.runtime` is given) before
 * each test, or once with `per: 'file'`, and close it after; the getters return the current one.
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  let current:
    | { app: Express; bare: Express; store: Store; t?: TestRuntime; admin: { authorization: string } }
    | undefined;
  let close: () => unknown = () => {};
  const [before, after] = options.per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    const { runtime } = options;
    if (runtime === undefined) {
      const { app, bare, store, cleanup } = await createTestApp();
      close = cleanup;
      current = { app, bare, store, admin: await tokenHeaders(store, 'admin') };
    } else {
      const t = await createTestRuntime(
        typeof runtime === 'function' ? runtime() : runtime === true ? {} : runtime,
      );
      close = () => t.close();
      if (options.start !== false) await t.runtime.start();
      const deps = {
        store: t.store,
        logger: pino({ level: 'silent' }),
        ingest: t.ingest,
        ...options.deps?.(t),
      };
      const bare = createApp(deps);
      current = {
        app: await asAdmin(bare, t.store),
        bare,
        store: t.store,
        t,
        admin: await tokenHeaders(t.store, 'admin'),
      };
    }
  });
  after(async () => {
    current = undefined;
    await close();
  });
  const now = () => {
    if (!current) throw new Error('The test app exists only while a test runs');
    return current;
  };
  return {
    app: () => now().app,
    bare: () => now().bare,
    store: () => now().store,
    runtime: () => {
      const { t } = now();
      if (!t) throw new Error('This test app has no runtime: pass `runtime` in its options');
      return t;
    },
    admin: () => now().admin,
  };
}
