import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore, openDatabase, type Role, type Store } from '@scoreflow/store';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { createApp } from './app.js';
import { hashSecret, newSecret } from './auth/secrets.js';

/** A fresh API token with `role` in `store`, and the headers that send it. */
export function tokenHeaders(store: Store, role: Role = 'admin'): { authorization: string } {
  const token = newSecret('sf_test_');
  store.access.createToken({ name: `test ${role}`, hash: hashSecret(token), role });
  return { authorization: `Bearer ${token}` };
}

/**
 * `app` as an admin calls it: requests that carry no Authorization header get an admin token's. Route
 * tests test their routes; access control has its own tests against the bare app.
 */
export function asAdmin(app: Express, store: Store): Express {
  const { authorization } = tokenHeaders(store, 'admin');
  const outer = express();
  outer.set('trust proxy', 'loopback');
  outer.use((req, _res, next) => {
    req.headers.authorization ??= authorization;
    next();
  });
  outer.use(app);
  return outer;
}

/** An app on a real SQLite file in a temp dir, called as an admin (see {@link asAdmin}); `cleanup` removes it. */
export function createTestApp(): { app: Express; bare: Express; store: Store; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-server-'));
  const store = createStore(openDatabase(path.join(dir, 'test.db')));
  const bare = createApp({ store, logger: pino({ level: 'silent' }) });
  return {
    app: asAdmin(bare, store),
    bare,
    store,
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
